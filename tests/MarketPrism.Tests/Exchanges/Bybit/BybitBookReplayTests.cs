using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>
/// The real recorded <c>orderbook.500.XRPUSDT</c> session through the Bybit parser and <see cref="BookSynchronizer"/>
/// with the Bybit rules: the deltas chain by <c>u</c>; under the strict policy a lost delta is caught once and repaired
/// by the next in-band snapshot, under the lenient one a skipped <c>u</c> is applied and reported, and only a crossed
/// book resynchronizes.
/// </summary>
public sealed class BybitBookReplayTests
{
    private readonly BybitFrameParser _parser = new(BybitSymbols.CreateTable(MarketType.Perpetual, []));

    private readonly RecordingBookSyncObserver _observer = new();

    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void Strict_a_lost_delta_is_one_gap_resync_that_asks_to_resubscribe_and_the_next_snapshot_restores_the_book()
    {
        var frames = ParseAll();
        var sync = NewSynchronizer(frames[0].Instrument, BybitBookRules.Strict);
        var truth = new ReferenceBook();
        var lost = frames[20];
        var actions = new List<BookSyncAction>();

        foreach (var frame in frames)
        {
            if (frame.IsSnapshot)
            {
                truth.Load(frame.Bids, frame.Asks);
            }
            else
            {
                truth.Apply(frame.Bids, frame.Asks);
            }

            if (frame == lost)
            {
                continue;
            }

            actions.Add(sync.OnDelta(frame, _output));
            if (frame == frames[30])
            {
                // What resubscribing brings: a fresh snapshot of the book as it is now, with the topic's current u.
                actions.Add(sync.OnDelta(SnapshotOf(truth, frame), _output));
            }
        }

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal($"expected the update after {frames[19].LastUpdateId}, received {frames[21].LastUpdateId}..{frames[21].LastUpdateId}", resync.Detail);
        Assert.Equal(1, actions.Count(action => action == BookSyncAction.Resubscribe));

        // Deltas between the gap and the new snapshot have no book to apply to and are skipped, not buffered.
        Assert.Equal(9, _observer.SkipCount(UpdateSkipReason.AwaitingSnapshot));
        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(frames[^1].LastUpdateId, sync.LastUpdateId);
        Assert.Equal(truth.GetBids(), sync.Book.GetBids(int.MaxValue));
        Assert.Equal(truth.GetAsks(), sync.Book.GetAsks(int.MaxValue));
        Assert.Equal(2, _output.OfType<BookSnapshotRecord>().Count(record => record.Depth == 20 && record.FirstUpdateId == record.LastUpdateId));
    }

    [Fact]
    public void Lenient_a_skipped_u_is_applied_and_reported_once_with_no_resync_and_every_delta_published()
    {
        // Bybit may merge updates on its depth topics: the next delta then carries the merged levels' absolute sizes.
        // Here frames 20 and 21 are merged into one delta with frame 21's u, as such a merge would arrive.
        var frames = ParseAll();
        var sync = NewSynchronizer(frames[0].Instrument, BybitBookRules.Lenient);
        var truth = new ReferenceBook();
        var merged = Merge(frames[20], frames[21]);
        var sent = frames.Take(20).Append(merged).Concat(frames.Skip(22)).ToList();

        foreach (var frame in sent)
        {
            Assert.Equal(BookSyncAction.None, sync.OnDelta(frame, _output));
            if (frame.IsSnapshot)
            {
                truth.Load(frame.Bids, frame.Asks);
            }
            else
            {
                truth.Apply(frame.Bids, frame.Asks);
            }
        }

        Assert.Empty(_observer.Resyncs);
        Assert.Equal([(frames[19].LastUpdateId, frames[21].LastUpdateId)], _observer.IdSkips);
        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(frames[^1].LastUpdateId, sync.LastUpdateId);
        Assert.Equal(truth.GetBids(), sync.Book.GetBids(int.MaxValue));
        Assert.Equal(truth.GetAsks(), sync.Book.GetAsks(int.MaxValue));
        Assert.Equal(sent.Skip(1), _output.OfType<BookDeltaRecord>(), ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public void Lenient_a_skipped_u_that_leaves_the_book_crossed_resynchronizes_it()
    {
        var frames = ParseAll();
        var sync = NewSynchronizer(frames[0].Instrument, BybitBookRules.Lenient);
        foreach (var frame in frames.Take(10))
        {
            sync.OnDelta(frame, _output);
        }

        var bestAsk = sync.Book.BestAsk!.Value.Price;
        var crossing = Delta(frames[10], frames[11].LastUpdateId, [new BookLevel(bestAsk, 1m)], []);

        Assert.Equal(BookSyncAction.Resubscribe, sync.OnDelta(crossing, _output));
        Assert.Equal(ResyncReason.Crossed, Assert.Single(_observer.Resyncs).Reason);
        Assert.Single(_observer.IdSkips);
        Assert.DoesNotContain(crossing, _output.OfType<BookDeltaRecord>());
    }

    [Fact]
    public void Strict_the_same_skipped_u_is_a_gap()
    {
        var frames = ParseAll();
        var sync = NewSynchronizer(frames[0].Instrument, BybitBookRules.Strict);
        foreach (var frame in frames.Take(20))
        {
            sync.OnDelta(frame, _output);
        }

        Assert.Equal(BookSyncAction.Resubscribe, sync.OnDelta(Merge(frames[20], frames[21]), _output));
        Assert.Equal(ResyncReason.Gap, Assert.Single(_observer.Resyncs).Reason);
        Assert.Empty(_observer.IdSkips);
    }

    [Fact]
    public void A_restart_snapshot_with_u_1_replaces_the_book_and_the_numbering_starts_again()
    {
        var frames = ParseAll();
        var sync = NewSynchronizer(frames[0].Instrument);
        foreach (var frame in frames.Take(10))
        {
            sync.OnDelta(frame, _output);
        }

        var restart = Frame("""{"topic":"orderbook.500.XRPUSDT","type":"snapshot","ts":1733011300000,"data":{"s":"XRPUSDT","b":[["1.9600","10"]],"a":[["1.9700","20"]],"u":1,"seq":130020300000},"cts":1733011299990}""");
        var next = Frame("""{"topic":"orderbook.500.XRPUSDT","type":"delta","ts":1733011300100,"data":{"s":"XRPUSDT","b":[["1.9600","0"],["1.9590","5"]],"a":[],"u":2,"seq":130020300100},"cts":1733011300090}""");

        Assert.Equal(BookSyncAction.None, sync.OnDelta(restart, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(next, _output));

        Assert.Empty(_observer.Resyncs);
        Assert.Equal(2, sync.LastUpdateId);
        Assert.Equal([new BookLevel(1.9590m, 5m)], sync.Book.GetBids(10));
        Assert.Equal([new BookLevel(1.9700m, 20m)], sync.Book.GetAsks(10));
    }

    private BookSynchronizer NewSynchronizer(Instrument instrument, BybitBookRules? rules = null) =>
        new(instrument, rules ?? BybitBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.Zero }, _observer);

    /// <summary>Two consecutive deltas as one: the later size of each level wins, the later update id is kept.</summary>
    private static BookDeltaRecord Merge(BookDeltaRecord first, BookDeltaRecord second) =>
        Delta(second, second.LastUpdateId, MergeSide(first.Bids, second.Bids), MergeSide(first.Asks, second.Asks));

    private static BookDeltaRecord Delta(BookDeltaRecord at, long u, BookLevel[] bids, BookLevel[] asks) => new()
    {
        Instrument = at.Instrument,
        Timestamp = at.Timestamp,
        LocalTimestamp = at.LocalTimestamp,
        Bids = bids,
        Asks = asks,
        FirstUpdateId = u,
        LastUpdateId = u,
    };

    private static BookLevel[] MergeSide(IReadOnlyList<BookLevel> first, IReadOnlyList<BookLevel> second)
    {
        var levels = new Dictionary<decimal, decimal>();
        foreach (var level in first.Concat(second))
        {
            levels[level.Price] = level.Size;
        }

        return [.. levels.Select(pair => new BookLevel(pair.Key, pair.Value))];
    }

    private List<BookDeltaRecord> ParseAll() =>
        [.. BybitRecordings.Frames(BybitRecordings.OrderBook500).Select(frame => Frame(frame.Payload))];

    private BookDeltaRecord Frame(string json) => Frame(System.Text.Encoding.UTF8.GetBytes(json));

    private BookDeltaRecord Frame(byte[] payload)
    {
        var records = new List<MarketRecord>();
        Assert.Equal(FrameKind.Data, _parser.Parse(payload, BybitRecordings.ReceiveTime, records).Kind);
        return Assert.IsType<BookDeltaRecord>(Assert.Single(records));
    }

    private static BookDeltaRecord SnapshotOf(ReferenceBook truth, BookDeltaRecord at) => new()
    {
        Instrument = at.Instrument,
        Timestamp = at.Timestamp,
        LocalTimestamp = at.LocalTimestamp,
        Bids = [.. truth.GetBids()],
        Asks = [.. truth.GetAsks()],
        FirstUpdateId = at.LastUpdateId,
        LastUpdateId = at.LastUpdateId,
        IsSnapshot = true,
    };
}
