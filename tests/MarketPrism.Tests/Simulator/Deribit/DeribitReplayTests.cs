using System.Net.WebSockets;
using System.Text;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Deribit;
using MarketPrism.Tests.Core.Books;
using MarketPrism.Tests.Exchanges.Deribit;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Deribit;

/// <summary>
/// The recorded Deribit session through the simulator, read by the collector's own parser and book synchronizer:
/// the first pass is the recording, a withheld change breaks the chain exactly once and a resubscription repairs it,
/// and loops keep the chain going.
/// </summary>
public sealed class DeribitReplayTests
{
    private const string Instrument = "BTC-24SEP21-8000-P";
    private const string BookChannel = "book.BTC-24SEP21-8000-P.100ms";

    private readonly DeribitFrameParser _parser = new(DeribitSymbols.CreateTable(MarketType.Option, []));

    [Fact]
    public async Task The_first_pass_sends_the_recorded_snapshot_and_changes_with_their_recorded_ids()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/deribit/ws/api/v2", cancellation);

        await SendAsync(socket, Subscribe(1, BookChannel), cancellation);
        var frames = await ReceiveManyAsync(socket, 1 + 31, cancellation);

        var recorded = RecordedBook();
        var served = frames.Skip(1).SelectMany(Parse).OfType<BookDeltaRecord>().ToList();
        Assert.Equal(recorded.Count, served.Count);
        for (var i = 0; i < recorded.Count; i++)
        {
            Assert.Equal(
                (recorded[i].IsSnapshot, recorded[i].LastUpdateId, recorded[i].PreviousUpdateId, recorded[i].Timestamp),
                (served[i].IsSnapshot, served[i].LastUpdateId, served[i].PreviousUpdateId, served[i].Timestamp));
            Assert.Equal(recorded[i].Bids, served[i].Bids);
            Assert.Equal(recorded[i].Asks, served[i].Asks);
        }
    }

    [Fact]
    public async Task Recorded_tickers_are_replayed_byte_for_byte_under_the_100ms_channel()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/deribit/ws/api/v2", cancellation);

        await SendAsync(socket, Subscribe(1, "ticker.ETH-30JUL21-2800-C.100ms"), cancellation);
        var frames = await ReceiveManyAsync(socket, 2, cancellation);

        var recorded = Encoding.UTF8.GetString(DeribitRecordings.AtLine(DeribitRecordings.Capture, 4).Payload);
        Assert.Equal(recorded.Replace("ticker.ETH-30JUL21-2800-C.raw", "ticker.ETH-30JUL21-2800-C.100ms", StringComparison.Ordinal), frames[1]);
    }

    [Fact]
    public async Task A_withheld_change_causes_exactly_one_resync_and_the_resubscribed_book_equals_the_truth()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.Speed = 1, clock);
        var cancellation = Within(30);
        using var socket = await ConnectAsync(simulator, "/deribit/ws/api/v2", cancellation);
        var waiting = clock.NextTimerAsync(cancellation);
        await SendAsync(socket, Subscribe(1, BookChannel), cancellation);
        await waiting;
        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(5), cancellation);

        simulator.InjectGap("deribit", Instrument);
        clock.Advance(TimeSpan.FromSeconds(60));
        await simulator.WhenFinishedAsync("deribit", cancellation);

        var observer = new RecordingBookSyncObserver();
        var output = new List<MarketRecord>();
        BookSynchronizer? book = null;
        var resubscriptions = 0;

        // public/test is answered after everything queued before it: its answer marks the end of what was sent.
        var drainId = 99;
        await SendAsync(socket, """{"jsonrpc":"2.0","id":99,"method":"public/test"}""", cancellation);
        var drained = false;
        while (!drained)
        {
            var frame = await ReceiveAsync(socket, cancellation) ?? throw new InvalidOperationException("closed");
            var parsed = new List<MarketRecord>();
            var result = _parser.Parse(Encoding.UTF8.GetBytes(frame), clock.GetUtcNow().UtcDateTime, parsed);
            if (result.Kind == FrameKind.Heartbeat && result.RequestId == drainId)
            {
                drained = true;
                continue;
            }

            foreach (var delta in parsed.OfType<BookDeltaRecord>())
            {
                book ??= new BookSynchronizer(delta.Instrument, DeribitBookRules.Instance, new BookOptions(), observer);
                if (book.OnDelta(delta, output) == BookSyncAction.Resubscribe)
                {
                    // What the runtime does for a broken in-band book: unsubscribe and subscribe its channel again.
                    resubscriptions++;
                    await SendAsync(socket, Request(10 + resubscriptions, "public/unsubscribe", BookChannel), cancellation);
                    await SendAsync(socket, Subscribe(20 + resubscriptions, BookChannel), cancellation);
                    drainId = 100 + resubscriptions;
                    await SendAsync(socket, "{\"jsonrpc\":\"2.0\",\"id\":" + drainId + ",\"method\":\"public/test\"}", cancellation);
                }
            }
        }

        Assert.Equal(1, resubscriptions);
        var resync = Assert.Single(observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal(1, simulator.GetStatus().Venues.Single(venue => venue.Name == "deribit").GapsInjected);
        var truth = simulator.GetTrueBook("deribit", Instrument);
        Assert.Equal(BookSyncState.Synced, book!.State);
        Assert.Equal(truth.LastUpdateId, book.LastUpdateId);
        Assert.Equal(truth.Bids, book.Book.GetBids(int.MaxValue));
        Assert.Equal(truth.Asks, book.Book.GetAsks(int.MaxValue));
        Assert.Equal(33195898166, truth.LastUpdateId);
    }

    [Fact]
    public async Task Looping_keeps_every_change_chained_and_returns_the_book_to_the_recorded_snapshot_each_pass()
    {
        // Speed 1 on a manual clock: a loop as fast as possible would never wait and never end.
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Loop = true;
                o.Speed = 1;
            },
            clock);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, "/deribit/ws/api/v2", cancellation);
        await SendAsync(socket, Subscribe(1, BookChannel), cancellation);
        var frames = await ReceiveManyAsync(socket, 2, cancellation); // the answer, then the snapshot
        var waiting = clock.NextTimerAsync(cancellation);
        simulator.Start("deribit");
        await waiting;

        // Three and a half passes of about 30 s each.
        for (var step = 0; step < 21; step++)
        {
            await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(5), cancellation);
        }

        var generated = simulator.GetFramesGenerated("deribit", BookChannel);
        frames.AddRange(await ReceiveManyAsync(socket, (int)generated, cancellation));

        var observer = new RecordingBookSyncObserver();
        var output = new List<MarketRecord>();
        BookSynchronizer? book = null;
        var recorded = RecordedBook();
        var initial = new MarketPrism.Tests.Core.Books.ReferenceBook();
        initial.Load(recorded[0].Bids, recorded[0].Asks);
        var passStarts = 0;
        var changes = 0;
        foreach (var frame in frames.Skip(1))
        {
            foreach (var delta in Parse(frame).OfType<BookDeltaRecord>())
            {
                book ??= new BookSynchronizer(delta.Instrument, DeribitBookRules.Instance, new BookOptions(), observer);
                Assert.Equal(BookSyncAction.None, book.OnDelta(delta, output));
                changes++;

                // Each pass starts with the change that puts the book back to the recorded snapshot.
                if (!delta.IsSnapshot && book.Book.GetAsks(int.MaxValue).SequenceEqual(initial.GetAsks()) && book.Book.GetBids(int.MaxValue).SequenceEqual(initial.GetBids()))
                {
                    passStarts++;
                }
            }
        }

        Assert.Equal(3, simulator.GetStatus().Venues.Single(venue => venue.Name == "deribit").Loops);
        Assert.Empty(observer.Resyncs);
        Assert.Equal(1 + generated, changes);
        Assert.True(changes > 3 * (recorded.Count - 1), $"{changes} changes in three and a half passes of {recorded.Count - 1}");
        // At least once per loop (the recorded changes themselves also return the book to the snapshot now and then).
        Assert.True(passStarts >= 3, $"the book went back to the recorded snapshot {passStarts} times");
        var truth = simulator.GetTrueBook("deribit", Instrument);
        Assert.Equal(truth.LastUpdateId, book!.LastUpdateId);
        Assert.Equal(truth.Bids, book.Book.GetBids(int.MaxValue));
        Assert.Equal(truth.Asks, book.Book.GetAsks(int.MaxValue));
    }

    private List<MarketRecord> Parse(string frame)
    {
        var records = new List<MarketRecord>();
        var result = _parser.Parse(Encoding.UTF8.GetBytes(frame), TimeProvider.System.GetUtcNow().UtcDateTime, records);
        Assert.True(result.Kind is FrameKind.Data or FrameKind.SubscriptionAck or FrameKind.Heartbeat, $"{result}: {frame}");
        return records;
    }

    private List<BookDeltaRecord> RecordedBook()
    {
        var records = new List<MarketRecord>();
        foreach (var frame in DeribitRecordings.Frames(DeribitRecordings.Capture))
        {
            _parser.Parse(frame.Payload, frame.Received, records);
        }

        return [.. records.OfType<BookDeltaRecord>().Where(delta => delta.ExchangeSymbol == Instrument)];
    }

    private static string Subscribe(int id, string channel) => Request(id, "public/subscribe", channel);

    private static string Request(int id, string method, string channel) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"{{{method}}}","params":{"channels":["{{{channel}}}"]}}""");
}
