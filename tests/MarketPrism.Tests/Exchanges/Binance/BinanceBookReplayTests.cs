using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>
/// Replays the real recorded Binance sessions (spot, USD-M, COIN-M: diff-depth frames plus the REST snapshots taken
/// during the session, in recorded order) through <see cref="BookSynchronizer"/> with the Binance rules, and checks
/// the books against a reference built by applying every diff after the snapshot.
/// </summary>
public sealed class BinanceBookReplayTests
{
    public static TheoryData<string> Captures => ["spot", "usdm", "coinm"];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_symbol_of_a_recorded_session_ends_synced_with_no_gaps_and_no_resyncs(string name)
    {
        var capture = BinanceDepthCapture.Get(name);
        var replay = new BookReplay(RulesFor(name));
        var truths = new Truths();

        foreach (var depthEvent in capture.Timeline)
        {
            truths.Observe(depthEvent);
            replay.Feed(depthEvent);
        }

        Assert.Empty(replay.Observer.Resyncs);
        Assert.Equal(capture.Instruments.Count, replay.Books.Count);
        foreach (var instrument in capture.Instruments.Values)
        {
            var book = replay.Books[instrument];
            var deltas = capture.DeltasOf(instrument).ToList();
            var snapshot = capture.SnapshotOf(instrument);
            var truth = truths[instrument];

            Assert.Equal(BookSyncState.Synced, book.State);
            Assert.Equal(deltas[^1].LastUpdateId, book.LastUpdateId);
            Assert.Equal(1, replay.SnapshotRequests[instrument]);
            Assert.Equal((instrument, snapshot.LastUpdateId, 0), Assert.Single(replay.Observer.Syncs, s => s.Instrument == instrument));
            Assert.Equal(truth.GetBids(), book.Book.GetBids(int.MaxValue));
            Assert.Equal(truth.GetAsks(), book.Book.GetAsks(int.MaxValue));

            // Published: the snapshot first (the book at the snapshot id), then exactly the diffs after it, as the
            // same instances and in order; the diffs the snapshot already covered were counted as stale.
            var records = replay.OutputOf(instrument).ToList();
            var first = Assert.IsType<BookSnapshotRecord>(records[0]);
            Assert.Equal(snapshot.LastUpdateId, first.FirstUpdateId);
            Assert.Equal(snapshot.LastUpdateId, first.LastUpdateId);
            Assert.Equal(snapshot.Bids.Where(l => l.Size != 0).Take(20), first.Bids);
            Assert.Equal(snapshot.Asks.Where(l => l.Size != 0).Take(20), first.Asks);

            // Spot drops u <= lastUpdateId; futures only u < lastUpdateId.
            var covered = deltas.Where(d => name == "spot" ? d.LastUpdateId > snapshot.LastUpdateId : d.LastUpdateId >= snapshot.LastUpdateId).ToList();
            Assert.Equal(covered, records.OfType<BookDeltaRecord>(), ReferenceEqualityComparer.Instance);
            Assert.Equal(deltas.Count - covered.Count, replay.Observer.Skips.Count(s => s.Instrument == instrument && s.Reason == UpdateSkipReason.Stale));
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_skipped_diff_causes_exactly_one_gap_resync_and_a_snapshot_of_the_truth_restores_the_book(string name)
    {
        var capture = BinanceDepthCapture.Get(name);
        var instrument = BusiestInstrument(capture);
        var deltas = capture.DeltasOf(instrument).ToList();
        var skipped = deltas[deltas.Count / 2];
        var replay = new BookReplay(RulesFor(name));
        var truths = new Truths();
        DepthSnapshot? pending = null;
        var deltasUntilDelivery = 0;

        foreach (var depthEvent in capture.Timeline)
        {
            truths.Observe(depthEvent);
            if (depthEvent.Delta == skipped)
            {
                continue;
            }

            var action = replay.Feed(depthEvent);
            if (depthEvent.Instrument != instrument || depthEvent.Delta is null)
            {
                continue;
            }

            if (action == BookSyncAction.FetchSnapshot && replay.SnapshotRequests[instrument] == 2)
            {
                // The "REST response" is the truth at the moment it was asked for; it arrives three diffs later,
                // so those diffs are buffered and must be bridged.
                var truth = truths[instrument];
                pending = new DepthSnapshot(truth.LastUpdateId, truth.GetBids(), truth.GetAsks(), depthEvent.Delta.Timestamp, depthEvent.Delta.LocalTimestamp);
                deltasUntilDelivery = 3;
            }
            else if (pending is not null && --deltasUntilDelivery == 0)
            {
                Assert.Equal(4, replay.Books[instrument].BufferedCount);
                Assert.Equal(BookSyncAction.None, replay.Feed(instrument, pending));
                pending = null;
            }
        }

        var resync = Assert.Single(replay.Observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        var index = deltas.IndexOf(skipped);
        Assert.Contains($"after {deltas[index - 1].LastUpdateId}", resync.Detail, StringComparison.Ordinal);
        Assert.Contains($"received {deltas[index + 1].FirstUpdateId}..{deltas[index + 1].LastUpdateId}", resync.Detail, StringComparison.Ordinal);
        Assert.Equal(2, replay.SnapshotRequests[instrument]);
        Assert.Equal(2, replay.Observer.Syncs.Count(s => s.Instrument == instrument));

        var book = replay.Books[instrument];
        var finalTruth = truths[instrument];
        Assert.Equal(BookSyncState.Synced, book.State);
        Assert.Equal(finalTruth.LastUpdateId, book.LastUpdateId);
        // The book keeps its best levels up to BookOptions.MaxLevels (1000 by default); the truth keeps every level.
        var kept = new BookOptions().MaxLevels;
        Assert.Equal(finalTruth.GetBids(kept), book.Book.GetBids(kept));
        Assert.Equal(finalTruth.GetAsks(kept), book.Book.GetAsks(kept));
        Assert.DoesNotContain(replay.Output, record => ReferenceEquals(record, skipped));
        Assert.All(replay.Books.Where(b => b.Key != instrument), other => Assert.Equal(BookSyncState.Synced, other.Value.State));
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_snapshot_older_than_the_first_buffered_diff_is_fetched_again_and_the_next_one_syncs(string name)
    {
        var capture = BinanceDepthCapture.Get(name);
        var replay = new BookReplay(RulesFor(name));
        var instrument = capture.Timeline[0].Instrument;
        var firstDelta = capture.DeltasOf(instrument).First();
        var recorded = capture.SnapshotOf(instrument);

        foreach (var depthEvent in capture.Timeline)
        {
            if (depthEvent.Snapshot == recorded)
            {
                var old = recorded with { LastUpdateId = firstDelta.FirstUpdateId - 10 };
                Assert.Equal(BookSyncAction.FetchSnapshot, replay.Feed(instrument, old));
                Assert.Equal(BookSyncState.AwaitingSnapshot, replay.Books[instrument].State);
            }

            replay.Feed(depthEvent);
        }

        var resync = Assert.Single(replay.Observer.Resyncs);
        Assert.Equal((instrument, ResyncReason.StaleSnapshot), (resync.Instrument, resync.Reason));
        Assert.Equal(2, replay.SnapshotRequests[instrument]);
        Assert.Equal(BookSyncState.Synced, replay.Books[instrument].State);
        Assert.Equal(capture.DeltasOf(instrument).Last().LastUpdateId, replay.Books[instrument].LastUpdateId);
    }

    [Fact]
    public void Snapshots_are_published_at_the_interval_on_exchange_time()
    {
        var capture = BinanceDepthCapture.UsdMargined;
        var replay = new BookReplay(BinanceFuturesBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.FromSeconds(1), SnapshotDepth = 5 });

        foreach (var depthEvent in capture.Timeline)
        {
            replay.Feed(depthEvent);
        }

        foreach (var instrument in capture.Instruments.Values)
        {
            var records = replay.OutputOf(instrument).ToList();
            var snapshots = records.OfType<BookSnapshotRecord>().ToList();
            Assert.True(snapshots.Count > 3, $"{instrument}: {snapshots.Count} snapshots");
            for (var i = 1; i < snapshots.Count; i++)
            {
                // Each interval snapshot follows the diff that triggered it and carries that diff's ids and times.
                var index = records.IndexOf(snapshots[i]);
                var trigger = Assert.IsType<BookDeltaRecord>(records[index - 1]);
                Assert.Equal((trigger.FirstUpdateId, trigger.LastUpdateId, trigger.Timestamp, trigger.LocalTimestamp), (snapshots[i].FirstUpdateId, snapshots[i].LastUpdateId, snapshots[i].Timestamp, snapshots[i].LocalTimestamp));
                Assert.True(snapshots[i].Timestamp - snapshots[i - 1].Timestamp >= TimeSpan.FromSeconds(1));

                // ...and the diff before the trigger was still inside the interval.
                if (records[index - 2] is BookDeltaRecord previous)
                {
                    Assert.True(previous.Timestamp - snapshots[i - 1].Timestamp < TimeSpan.FromSeconds(1));
                }

                Assert.Equal(5, snapshots[i].Depth);
                Assert.True(snapshots[i].Bids.Length <= 5 && snapshots[i].Asks.Length <= 5);
            }
        }
    }

    private static IBookSequenceRules RulesFor(string name) =>
        name == "spot" ? BinanceSpotBookRules.Instance : BinanceFuturesBookRules.Instance;

    private static Instrument BusiestInstrument(BinanceDepthCapture capture) =>
        capture.Instruments.Values.MaxBy(instrument => capture.DeltasOf(instrument).Count())!;

    /// <summary>Per instrument, the recorded snapshot with every later diff applied: what the book must be.</summary>
    private sealed class Truths
    {
        private readonly Dictionary<Instrument, ReferenceBook> _books = [];

        public ReferenceBook this[Instrument instrument] => _books[instrument];

        public void Observe(DepthEvent depthEvent)
        {
            if (depthEvent.Snapshot is { } snapshot)
            {
                var book = new ReferenceBook { LastUpdateId = snapshot.LastUpdateId };
                book.Load(snapshot.Bids, snapshot.Asks);
                _books[depthEvent.Instrument] = book;
            }
            else if (_books.TryGetValue(depthEvent.Instrument, out var book) && depthEvent.Delta!.LastUpdateId > book.LastUpdateId)
            {
                book.Apply(depthEvent.Delta.Bids, depthEvent.Delta.Asks);
                book.LastUpdateId = depthEvent.Delta.LastUpdateId;
            }
        }
    }
}
