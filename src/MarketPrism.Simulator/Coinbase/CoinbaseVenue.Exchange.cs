using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Coinbase;

/// <summary>The Exchange feed's requests: subscribe and unsubscribe with several channels and products.</summary>
internal sealed partial class CoinbaseVenue
{
    /// <summary>Channels that now need authentication; Coinbase refuses them on the public feed with this reason.</summary>
    private static readonly string[] AuthenticatedExchangeChannels = ["level2", "level3", "full", "user"];

    /// <summary>Public channels the simulator accepts and leaves silent (it has no data for them).</summary>
    private static readonly string[] SilentExchangeChannels = ["ticker_batch", "status", "auctionfeed", "rfq_matches"];

    private const string AuthenticationReason = "level2, level3, and full channels now require authentication.";

    private async ValueTask HandleExchangeRequestAsync(SimConnection connection, CoinbaseConnectionState state, ReadOnlyMemory<byte> message)
    {
        if (!CoinbaseRequest.TryParse(message.Span, out var request, out var problem))
        {
            LogRequestRefused(_logger, connection.Id, problem);
            await ReplyExchangeAsync(connection, state, problem == "Malformed JSON" ? CoinbaseFrames.ExchangeError("Malformed JSON", null) : CoinbaseFrames.ExchangeError("Failed to subscribe", problem));
            return;
        }

        if (request.Type is not ("subscribe" or "unsubscribe"))
        {
            await ReplyExchangeAsync(connection, state, CoinbaseFrames.ExchangeError("Failed to subscribe", $"{request.Type} is not a valid type"));
            return;
        }

        var subscribe = request.Type == "subscribe";
        if (subscribe)
        {
            state.MarkSubscribed();
        }

        // Check everything first: an unknown channel fails the whole request; an unknown product is refused on its
        // own and the valid ones are subscribed (as Coinbase does).
        foreach (var (name, _) in request.Channels)
        {
            if (Array.IndexOf(AuthenticatedExchangeChannels, name) >= 0)
            {
                await ReplyExchangeAsync(connection, state, CoinbaseFrames.ExchangeError("Failed to subscribe", AuthenticationReason));
                return;
            }

            if (name is not (CoinbaseStreams.Level2Batch or CoinbaseStreams.Matches or CoinbaseStreams.Ticker or CoinbaseStreams.Heartbeat) && Array.IndexOf(SilentExchangeChannels, name) < 0)
            {
                await ReplyExchangeAsync(connection, state, CoinbaseFrames.ExchangeError("Failed to subscribe", $"{name} is not a valid channel"));
                return;
            }
        }

        if (request.Channels.Count == 0)
        {
            await ReplyExchangeAsync(connection, state, CoinbaseFrames.ExchangeError("Failed to subscribe", "You must provide at least one channel"));
            return;
        }

        var toOpen = new List<(string Channel, CoinbaseProduct? Product, StreamChannel Stream)>();
        foreach (var (name, products) in request.Channels)
        {
            var valid = new List<string>();
            foreach (var productId in products)
            {
                if (_session.TryGetProduct(productId, out _))
                {
                    valid.Add(productId);
                }
                else
                {
                    await ReplyExchangeAsync(connection, state, CoinbaseFrames.ExchangeError("Failed to subscribe", $"{productId} is not a valid product"));
                }
            }

            if (!subscribe)
            {
                var removed = state.Remove(name, valid);
                connection.Unsubscribe(removed.Select(p => CoinbaseStreams.ExchangeName(name, p)));
                continue;
            }

            var streams = valid.ConvertAll(p => Streams.GetOrAdd(CoinbaseStreams.ExchangeName(name, p)));
            if (!connection.TryReserve(streams, Services.Options.MaxStreamsPerConnection, out var added))
            {
                await ReplyExchangeAsync(connection, state, CoinbaseFrames.ExchangeError("Failed to subscribe", $"a connection may hold at most {Services.Options.MaxStreamsPerConnection} subscriptions"));
                continue;
            }

            state.Add(name, valid);
            foreach (var stream in added)
            {
                var productId = stream.Name[(stream.Name.IndexOf(':', StringComparison.Ordinal) + 1)..];
                _session.TryGetProduct(productId, out var product);
                toOpen.Add((name, product, stream));
            }
        }

        // The subscriptions message lists everything the connection holds, then each new book gets its snapshot and
        // each new matches subscription its last_match; tickers and silent channels go live as the message leaves.
        var live = toOpen.Where(o => o.Channel is not (CoinbaseStreams.Level2Batch or CoinbaseStreams.Matches)).Select(o => o.Stream).ToList();
        await connection.SendReplyAsync(CoinbaseFrames.ExchangeSubscriptions(state.Snapshot()), live);
        state.Sent();
        foreach (var (channel, product, stream) in toOpen)
        {
            if (channel == CoinbaseStreams.Level2Batch && product is not null)
            {
                await _session.SubscribeExchangeBookAsync(connection, product, Services.Shutdown);
            }
            else if (channel == CoinbaseStreams.Matches && product is not null)
            {
                await _session.SubscribeExchangeMatchesAsync(connection, product, Services.Shutdown);
            }

            if (!stream.HasSource)
            {
                LogSilentStream(_logger, connection.Id, stream.Name);
            }
        }

        if (toOpen.Count > 0 && Services.Options.AutoStart)
        {
            Start();
        }
    }

    private static async ValueTask ReplyExchangeAsync(SimConnection connection, CoinbaseConnectionState state, byte[] reply)
    {
        await connection.SendReplyAsync(reply);
        state.Sent();
    }
}
