using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Deribit;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>
/// Replays the real recorded Deribit option books (cryptofeed's capture: 10 in-band snapshots, 36 changes) through
/// <see cref="BookSynchronizer"/> with the Deribit rules: the levels the most active book ends with, and what a missing
/// change does. (That the replay keeps every book equal to a rebuild, and that a repeat is stale, are rules for every
/// venue: DeribitConformanceTests.)
/// </summary>
public sealed class DeribitBookReplayTests
{
    private readonly RecordingBookSyncObserver _observer = new();

    private readonly List<MarketRecord> _output = [];

    private readonly Dictionary<Instrument, BookSynchronizer> _books = [];

    [Fact]
    public void The_most_active_recorded_book_holds_the_expected_levels_at_the_end()
    {
        foreach (var delta in CapturedBookFrames())
        {
            Feed(delta);
        }

        var book = _books.Single(pair => pair.Key.ExchangeSymbol == "BTC-24SEP21-8000-P").Value;
        Assert.Equal(33195898166, book.LastUpdateId);
        Assert.Equal([new BookLevel(0.0005m, 153.1m)], book.Book.GetBids(5));
        Assert.Equal(new BookLevel(0.0015m, 94.7m), book.Book.BestAsk);
    }

    [Fact]
    public void A_missing_change_asks_for_exactly_one_resubscription_and_the_next_snapshot_resumes_the_book()
    {
        var deltas = CapturedBookFrames().Where(delta => delta.ExchangeSymbol == "BTC-24SEP21-8000-P").ToList();
        Assert.Equal(31, deltas.Count);
        var actions = new List<BookSyncAction>();

        // The fifth change never arrives; everything after it is broken until a fresh snapshot comes.
        foreach (var delta in deltas.Where((_, index) => index != 5))
        {
            actions.Add(Feed(delta));
        }

        Assert.Equal(1, actions.Count(action => action == BookSyncAction.Resubscribe));
        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal(
            $"expected the update after {deltas[4].LastUpdateId}, received {deltas[6].LastUpdateId}..{deltas[6].LastUpdateId} (previous id {deltas[5].LastUpdateId})",
            resync.Detail);
        var book = _books.Values.Single();
        Assert.Equal(BookSyncState.AwaitingSnapshot, book.State);
        Assert.Equal(deltas.Count - 7, _observer.SkipCount(UpdateSkipReason.AwaitingSnapshot));

        // The resubscription's snapshot: the true book after the last recorded change.
        var truth = new ReferenceBook();
        truth.Load(deltas[0].Bids, deltas[0].Asks);
        foreach (var change in deltas.Skip(1))
        {
            truth.Apply(change.Bids, change.Asks);
        }

        var fresh = new BookDeltaRecord
        {
            Instrument = deltas[0].Instrument,
            Timestamp = deltas[^1].Timestamp,
            LocalTimestamp = deltas[^1].LocalTimestamp,
            Bids = truth.GetBids(),
            Asks = truth.GetAsks(),
            FirstUpdateId = deltas[^1].LastUpdateId,
            LastUpdateId = deltas[^1].LastUpdateId,
            IsSnapshot = true,
        };
        Assert.Equal(BookSyncAction.None, Feed(fresh));
        Assert.Equal(BookSyncState.Synced, book.State);
        Assert.Equal(truth.GetBids(), book.Book.GetBids(int.MaxValue));
        Assert.Equal(truth.GetAsks(), book.Book.GetAsks(int.MaxValue));
        Assert.Single(_observer.Resyncs);
    }

    private BookSyncAction Feed(BookDeltaRecord delta)
    {
        if (!_books.TryGetValue(delta.Instrument, out var book))
        {
            book = new BookSynchronizer(delta.Instrument, DeribitBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.Zero }, _observer);
            _books.Add(delta.Instrument, book);
        }

        return book.OnDelta(delta, _output);
    }

    private static List<BookDeltaRecord> CapturedBookFrames()
    {
        var parser = new DeribitFrameParser(DeribitSymbols.CreateTable(MarketType.Option, []));
        var output = new List<MarketRecord>();
        foreach (var frame in DeribitRecordings.Frames(DeribitRecordings.Capture))
        {
            parser.Parse(frame.Payload, frame.Received, output);
        }

        return [.. output.OfType<BookDeltaRecord>()];
    }
}
