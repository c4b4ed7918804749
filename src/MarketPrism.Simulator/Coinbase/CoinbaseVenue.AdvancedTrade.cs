using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>Advanced Trade's requests: one channel per subscribe or unsubscribe message.</summary>
internal sealed partial class CoinbaseVenue
{
    /// <summary>Channels that need a JWT; refused on the public connection.</summary>
    private static readonly string[] AuthenticatedAdvancedChannels = ["user", "futures_balance_summary"];

    /// <summary>Public channels the simulator accepts and leaves silent (it has no data for them).</summary>
    private static readonly string[] SilentAdvancedChannels = ["ticker_batch", "candles", "status"];

    private async ValueTask HandleAdvancedTradeRequestAsync(SimConnection connection, CoinbaseConnectionState state, ReadOnlyMemory<byte> message)
    {
        if (!CoinbaseRequest.TryParse(message.Span, out var request, out var problem))
        {
            LogRequestRefused(_logger, connection.Id, problem);
            await ReplyAdvancedErrorAsync(connection, state, problem);
            return;
        }

        if (request.Type is not ("subscribe" or "unsubscribe"))
        {
            await ReplyAdvancedErrorAsync(connection, state, $"{request.Type} is not a valid type");
            return;
        }

        var subscribe = request.Type == "subscribe";
        if (subscribe)
        {
            state.MarkSubscribed();
        }

        // "You can only subscribe to one channel per subscription message."
        if (request.Channels.Count > 0 || request.Channel is not { } channel)
        {
            await ReplyAdvancedErrorAsync(connection, state, "one channel per message is required: channel must be a string");
            return;
        }

        if (Array.IndexOf(AuthenticatedAdvancedChannels, channel) >= 0)
        {
            await ReplyAdvancedErrorAsync(connection, state, $"{channel} channel requires authentication");
            return;
        }

        if (channel is not (CoinbaseStreams.Level2 or CoinbaseStreams.MarketTrades or CoinbaseStreams.Ticker or CoinbaseStreams.Heartbeats)
            && Array.IndexOf(SilentAdvancedChannels, channel) < 0)
        {
            await ReplyAdvancedErrorAsync(connection, state, "Failed to subscribe");
            return;
        }

        // heartbeats takes no products and is listed as {"heartbeats":["heartbeats"]}.
        var products = channel == CoinbaseStreams.Heartbeats ? [CoinbaseStreams.Heartbeats] : request.ProductIds;
        if (channel != CoinbaseStreams.Heartbeats)
        {
            foreach (var productId in products)
            {
                if (!_session.TryGetProduct(productId, out _))
                {
                    await ReplyAdvancedErrorAsync(connection, state, $"Failed to subscribe: {productId} is not a valid product");
                    return;
                }
            }

            if (subscribe && products.Count == 0)
            {
                await ReplyAdvancedErrorAsync(connection, state, "Failed to subscribe: product_ids is required");
                return;
            }
        }

        var toOpen = new List<(CoinbaseProduct? Product, StreamChannel Stream)>();
        if (!subscribe)
        {
            var removed = state.Remove(channel, channel == CoinbaseStreams.Heartbeats ? [] : products);
            connection.Unsubscribe(removed.Select(p => StreamName(channel, p)));
        }
        else
        {
            var streams = products.Select(p => Streams.GetOrAdd(StreamName(channel, p))).ToList();
            if (!connection.TryReserve(streams, Services.Options.MaxStreamsPerConnection, out var added))
            {
                await ReplyAdvancedErrorAsync(connection, state, $"Failed to subscribe: a connection may hold at most {Services.Options.MaxStreamsPerConnection} subscriptions");
                return;
            }

            state.Add(channel, products);
            foreach (var stream in added)
            {
                var colon = stream.Name.IndexOf(':', StringComparison.Ordinal);
                CoinbaseProduct? product = null;
                if (colon > 0)
                {
                    _session.TryGetProduct(stream.Name[(colon + 1)..], out product);
                }

                toOpen.Add((product, stream));
            }
        }

        // Every answer is a subscriptions message listing everything the connection holds (an unsubscribe's too),
        // numbered like every message of the connection; the snapshots follow it.
        var (ack, at) = CoinbaseFrames.AdvancedSubscriptions(state.Snapshot(), Services.Time.GetUtcNow());
        var live = channel is CoinbaseStreams.Level2 or CoinbaseStreams.MarketTrades or CoinbaseStreams.Ticker ? null : toOpen.ConvertAll(o => o.Stream);
        await connection.SendReplyAsync(ack, live, at);
        state.Sent();
        foreach (var (product, stream) in toOpen)
        {
            if (product is not null)
            {
                switch (channel)
                {
                    case CoinbaseStreams.Level2:
                        await _session.SubscribeAdvancedBookAsync(connection, product, Services.Shutdown);
                        break;
                    case CoinbaseStreams.MarketTrades:
                        await _session.SubscribeAdvancedTradesAsync(connection, product, Services.Shutdown);
                        break;
                    case CoinbaseStreams.Ticker:
                        await _session.SubscribeAdvancedTickerAsync(connection, product, Services.Shutdown);
                        break;
                }
            }

            if (!stream.HasSource)
            {
                LogSilentStream(_logger, connection.Id, stream.Name);
            }
        }

        if (toOpen.Count > 0 && channel != CoinbaseStreams.Heartbeats && Services.Options.AutoStart)
        {
            Start();
        }
    }

    private static string StreamName(string channel, string product) =>
        channel == CoinbaseStreams.Heartbeats ? CoinbaseStreams.HeartbeatsName : CoinbaseStreams.AdvancedName(channel, product);

    private static async ValueTask ReplyAdvancedErrorAsync(SimConnection connection, CoinbaseConnectionState state, string message)
    {
        await connection.SendReplyAsync(CoinbaseFrames.AdvancedError(message));
        state.Sent();
    }
}
