using System.Net.WebSockets;
using System.Text;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Tests.Core.Books;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>
/// The collector's Bybit pieces (venue requests, parser, book rules, synchronizer) against the simulator replaying
/// the recorded session: under <c>book_continuity: strict</c> a withheld delta is caught as exactly one gap,
/// resubscribing brings a snapshot, and the book ends equal to the simulator's truth. (The simulator's gap fault loses
/// a message outright, which the lenient default would apply past and only count.)
/// </summary>
public sealed class BybitSimulatedBookTests
{
    private static readonly IExchangeVenue Venue = MarketPrism.Exchanges.VenueCatalog.Get("bybit", MarketType.Perpetual);

    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    public async Task An_injected_gap_is_one_resync_and_after_resubscribing_the_book_equals_the_truth(int depth)
    {
        await using var simulator = await StartAsync(o =>
        {
            o.AutoStart = false;
            o.Speed = 4;
        });
        var cancellation = Within(30);
        var venue = Venue.Configure(new BybitOptions { BookDepth = depth, BookContinuity = BybitOptions.StrictBookContinuity });
        var instrument = venue.CreateInstrument("XRP-USDT");
        var stream = venue.GetStreams(instrument, new HashSet<DataType> { DataType.BookDelta }).Single();
        var observer = new RecordingBookSyncObserver();
        var book = new BookSynchronizer(instrument, venue.BookRules, new BookOptions(), observer);
        var parser = Venue.CreateParser(Venue.CreateInstrumentTable([instrument]));
        var uri = Venue.GetConnectionUri(new Uri($"ws://{simulator.BaseAddress.Authority}/bybit/linear"), stream.ConnectionGroup);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, cancellation);
        await Send(socket, Venue.BuildSubscribeRequest([stream], 1), cancellation);

        var records = new List<MarketRecord>();
        var output = new List<MarketRecord>();
        var acks = 0;
        var resubscribes = 0;
        var requestId = 1L;
        var started = false;

        // The end condition: once the session has ended, a ping. The simulator queues its pong behind every frame
        // already queued to the connection, so when the pong arrives nothing generated is still on the way.
        var finished = simulator.WhenFinishedAsync("bybit-linear", cancellation);
        var pinged = false;
        var receiving = ReceiveAsync(socket, cancellation);
        while (true)
        {
            if (!pinged && await Task.WhenAny(receiving, finished) == finished)
            {
                await finished;
                pinged = true;
                await Send(socket, Venue.KeepAlive!.Message, cancellation);
            }

            var frame = await receiving ?? throw new InvalidOperationException("closed");
            receiving = ReceiveAsync(socket, cancellation);
            records.Clear();
            var result = parser.Parse(Encoding.UTF8.GetBytes(frame), TimeProvider.System.GetUtcNow().UtcDateTime, records);
            Assert.NotEqual(FrameKind.Malformed, result.Kind);
            if (result.Kind == FrameKind.Heartbeat && pinged)
            {
                break;
            }

            if (result.Kind == FrameKind.SubscriptionAck)
            {
                acks++;
                continue;
            }

            foreach (var delta in records.OfType<BookDeltaRecord>())
            {
                if (book.OnDelta(delta, output) == BookSyncAction.Resubscribe)
                {
                    resubscribes++;
                    await Send(socket, Venue.BuildUnsubscribeRequest([stream], ++requestId), cancellation);
                    await Send(socket, Venue.BuildSubscribeRequest([stream], ++requestId), cancellation);
                }
            }

            if (!started)
            {
                // Synced on the first snapshot: withhold the next change, then let the session run.
                started = true;
                simulator.InjectGap("bybit-linear", "XRPUSDT");
                simulator.Start("bybit-linear");
            }
        }

        var resync = Assert.Single(observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal((1, 3), (resubscribes, acks));
        var truth = simulator.GetTrueBook("bybit-linear", "XRPUSDT", depth);
        Assert.Equal(truth.Bids, book.Book.GetBids(depth));
        Assert.Equal(truth.Asks, book.Book.GetAsks(depth));
        Assert.Equal(2, observer.Syncs.Count);
        Assert.Equal(BookSyncState.Synced, book.State);

        // The simulator's u starts at the recorded snapshot's and rises with every message generated on the topic.
        Assert.Equal(20254869 + simulator.GetFramesGenerated("bybit-linear", stream.Name), book.LastUpdateId);
    }

    private static Task Send(ClientWebSocket socket, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask();
}
