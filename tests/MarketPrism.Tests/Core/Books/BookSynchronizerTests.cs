using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Core.Books;

/// <summary>
/// The REST-snapshot flow, step by step, with the Binance futures rules (<c>U</c>/<c>u</c>/<c>pu</c>) and small
/// hand-made updates whose ids make each case explicit. The recorded sessions are replayed in
/// <c>BinanceBookReplayTests</c>.
/// </summary>
public sealed class BookSynchronizerTests
{
    private static readonly Instrument Perp = new("binance-usdm", MarketType.Perpetual, "BTC", "USDT", "BTCUSDT", ContractKind.Linear);
    private static readonly Instrument OtherPerp = new("binance-usdm", MarketType.Perpetual, "ETH", "USDT", "ETHUSDT", ContractKind.Linear);
    private static readonly DateTime T0 = UtcTimestamp.FromUnixMilliseconds(1626992741000);

    private static readonly BookLevel[] SnapshotBids = [new(100m, 1m), new(99m, 2m), new(98m, 3m)];
    private static readonly BookLevel[] SnapshotAsks = [new(101m, 1m), new(102m, 2m), new(103m, 3m)];

    // A contiguous futures chain: each update's pu is the previous update's u.
    private static readonly BookDeltaRecord D1 = Delta(101, 105, 100, bids: [new(100m, 5m)]);
    private static readonly BookDeltaRecord D2 = Delta(106, 110, 105, asks: [new(101m, 0m)]);
    private static readonly BookDeltaRecord D3 = Delta(111, 115, 110, bids: [new(99.5m, 4m)]);
    private static readonly BookDeltaRecord D4 = Delta(116, 120, 115, asks: [new(101.5m, 7m)]);
    private static readonly BookDeltaRecord D5 = Delta(121, 125, 120, bids: [new(98m, 0m)]);

    private readonly RecordingBookSyncObserver _observer = new();
    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void The_first_update_is_buffered_and_asks_for_exactly_one_snapshot()
    {
        var sync = NewSynchronizer();

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(D1, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(D2, _output));

        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(2, sync.BufferedCount);
        Assert.Empty(_output);
    }

    [Fact]
    public void The_snapshot_is_published_first_then_the_buffered_updates_that_follow_it()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);
        sync.OnDelta(D2, _output);
        sync.OnDelta(D3, _output);

        var action = sync.OnSnapshot(Snapshot(107), _output);

        Assert.Equal(BookSyncAction.None, action);
        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(115, sync.LastUpdateId);
        Assert.Equal(0, sync.BufferedCount);

        // D1 ends before the snapshot (stale); D2 spans it (bridge); D3 continues.
        Assert.Equal(3, _output.Count);
        var snapshot = Assert.IsType<BookSnapshotRecord>(_output[0]);
        Assert.Same(D2, _output[1]);
        Assert.Same(D3, _output[2]);
        Assert.Equal((107L, 107L, 20), (snapshot.FirstUpdateId, snapshot.LastUpdateId, snapshot.Depth));
        Assert.Equal(SnapshotBids, snapshot.Bids);
        Assert.Equal(SnapshotAsks, snapshot.Asks);
        Assert.Equal((T0, T0.AddMilliseconds(5)), (snapshot.Timestamp, snapshot.LocalTimestamp));
        Assert.Same(Perp, snapshot.Instrument);

        Assert.Equal([(Perp, 107L, 2)], _observer.Syncs);
        Assert.Equal(1, _observer.SkipCount(UpdateSkipReason.Stale));
        Assert.Empty(_observer.Resyncs);
        Assert.Equal([new(100m, 1m), new(99.5m, 4m), new(99m, 2m), new(98m, 3m)], sync.Book.GetBids(10));
        Assert.Equal([new(102m, 2m), new(103m, 3m)], sync.Book.GetAsks(10));
    }

    [Fact]
    public void The_snapshot_record_holds_the_configured_depth()
    {
        var sync = NewSynchronizer(new BookOptions { SnapshotDepth = 2 });
        sync.OnDelta(D1, _output);

        sync.OnSnapshot(Snapshot(103), _output);

        var snapshot = Assert.IsType<BookSnapshotRecord>(_output[0]);
        Assert.Equal(2, snapshot.Depth);
        Assert.Equal(SnapshotBids[..2], snapshot.Bids);
        Assert.Equal(SnapshotAsks[..2], snapshot.Asks);
    }

    [Fact]
    public void A_snapshot_older_than_the_first_buffered_update_is_refused_and_fetched_again()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(100), _output));

        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Empty(_output);
        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.StaleSnapshot, resync.Reason);
        Assert.Contains("100", resync.Detail, StringComparison.Ordinal);
        Assert.Contains("101..105", resync.Detail, StringComparison.Ordinal);

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(103), _output));
        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(105, sync.LastUpdateId);
    }

    [Fact]
    public void A_snapshot_that_was_not_asked_for_is_ignored()
    {
        var sync = NewSynchronizer();

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(103), _output));
        Assert.Equal(BookSyncState.Unsynced, sync.State);
        Assert.Equal(0, sync.Book.BidCount);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_second_snapshot_after_synchronizing_is_ignored()
    {
        var sync = Synced(through: D3);
        var published = _output.Count;

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(200, bids: [new(1m, 1m)], asks: [new(2m, 1m)]), _output));

        Assert.Equal(115, sync.LastUpdateId);
        Assert.Equal(published, _output.Count);
        Assert.Equal(new BookLevel(100m, 5m), sync.Book.BestBid);
    }

    [Fact]
    public void When_every_buffered_update_is_stale_the_next_live_update_must_bridge_the_snapshot()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);
        sync.OnSnapshot(Snapshot(107), _output);
        Assert.Equal([(Perp, 107L, 0)], _observer.Syncs);

        // D2's pu (105) is not the snapshot id, so a continuity check would call it a gap; as the bridge it applies.
        Assert.Equal(BookSyncAction.None, sync.OnDelta(D2, _output));
        Assert.Equal(110, sync.LastUpdateId);
        Assert.Same(D2, _output[^1]);
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void A_live_update_that_does_not_reach_the_snapshot_is_a_gap()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);
        sync.OnSnapshot(Snapshot(106), _output);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(Delta(108, 112, 107), _output));

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal("snapshot at update 106 does not reach update 108..112 (previous id 107)", resync.Detail);
    }

    [Fact]
    public void Stale_live_updates_are_skipped_counted_and_not_published_again()
    {
        var sync = Synced(through: D3);
        var published = _output.Count;
        var stale = _observer.SkipCount(UpdateSkipReason.Stale);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(D2, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(D3, _output));

        Assert.Equal(published, _output.Count);
        Assert.Equal(stale + 2, _observer.SkipCount(UpdateSkipReason.Stale));
        Assert.Equal(115, sync.LastUpdateId);
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void A_gap_while_synced_discards_the_book_and_refetches_starting_from_the_update_after_the_gap()
    {
        var sync = Synced(through: D3);
        var published = _output.Count;

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(D5, _output));

        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(0, sync.Book.BidCount + sync.Book.AskCount);
        Assert.Equal(0, sync.LastUpdateId);
        Assert.Equal(1, sync.BufferedCount);
        Assert.Equal(published, _output.Count);
        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal((Perp, ResyncReason.Gap), (resync.Instrument, resync.Reason));
        Assert.Equal("expected the update after 115, received 121..125 (previous id 120)", resync.Detail);

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(122), _output));
        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(125, sync.LastUpdateId);
        Assert.Equal(122, Assert.IsType<BookSnapshotRecord>(_output[published]).LastUpdateId);
        Assert.Same(D5, _output[published + 1]);
    }

    [Fact]
    public void A_gap_inside_the_buffer_restarts_from_the_update_after_it()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);
        sync.OnDelta(D2, _output);
        sync.OnDelta(D4, _output);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(103), _output));

        // What bridged before the gap was valid and published; the update after the gap starts the next attempt.
        Assert.Equal(3, _output.Count);
        Assert.IsType<BookSnapshotRecord>(_output[0]);
        Assert.Same(D1, _output[1]);
        Assert.Same(D2, _output[2]);
        Assert.Equal(ResyncReason.Gap, Assert.Single(_observer.Resyncs).Reason);
        Assert.Empty(_observer.Syncs);
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(1, sync.BufferedCount);

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(118), _output));
        Assert.Equal(120, sync.LastUpdateId);
        Assert.Same(D4, _output[^1]);
        Assert.Equal([(Perp, 118L, 1)], _observer.Syncs);
    }

    [Fact]
    public void An_update_that_crosses_the_book_resyncs_and_is_not_published()
    {
        var sync = Synced(through: D1);
        var published = _output.Count;
        var crossing = Delta(106, 110, 105, bids: [new(101.5m, 1m)]);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(crossing, _output));

        Assert.Equal(published, _output.Count);
        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Crossed, resync.Reason);
        Assert.Equal("best bid 101.5 >= best ask 101 after update 106..110", resync.Detail);
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);

        // The crossing update is kept as the first buffered one: a snapshot older than it must not be used.
        Assert.Equal(1, sync.BufferedCount);
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(104), _output));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(110, asks: [new(102m, 1m)]), _output));
        Assert.Equal(BookSyncState.Synced, sync.State);
    }

    [Fact]
    public void An_update_with_a_negative_size_resyncs_and_is_not_kept()
    {
        var sync = Synced(through: D1);
        var published = _output.Count;

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(Delta(106, 110, 105, bids: [new(99m, -1m)]), _output));

        Assert.Equal(published, _output.Count);
        Assert.Equal(ResyncReason.InvalidUpdate, Assert.Single(_observer.Resyncs).Reason);
        Assert.Equal(0, sync.BufferedCount);
    }

    [Fact]
    public void A_snapshot_with_a_negative_size_is_refused_and_fetched_again()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(103, bids: [new(100m, -1m)]), _output));

        Assert.Equal(ResyncReason.SnapshotFailed, Assert.Single(_observer.Resyncs).Reason);
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(1, sync.BufferedCount);
        Assert.Empty(_output);
    }

    [Fact]
    public void A_crossed_snapshot_is_refused_and_fetched_again_keeping_the_buffered_updates()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(103, bids: [new(101m, 1m)]), _output));

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Crossed, resync.Reason);
        Assert.Equal("snapshot at update 103 is crossed: best bid 101 >= best ask 101", resync.Detail);
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(1, sync.BufferedCount);
        Assert.Empty(_output);

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(103), _output));
        Assert.Equal(105, sync.LastUpdateId);
    }

    [Fact]
    public void A_full_buffer_drops_the_oldest_updates_and_a_snapshot_that_needed_them_is_fetched_again()
    {
        var sync = NewSynchronizer(new BookOptions { MaxBufferedUpdates = 3 });
        foreach (var delta in new[] { D1, D2, D3, D4, D5 })
        {
            sync.OnDelta(delta, _output);
        }

        Assert.Equal(3, sync.BufferedCount);
        Assert.Equal(2, _observer.SkipCount(UpdateSkipReason.BufferOverflow));

        // Bridging needed D2, which was dropped: the snapshot is older than the first update still buffered (D3).
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(107), _output));
        Assert.Equal(ResyncReason.StaleSnapshot, Assert.Single(_observer.Resyncs).Reason);

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(112), _output));
        Assert.Equal(125, sync.LastUpdateId);
        Assert.Equal([(Perp, 112L, 3)], _observer.Syncs);
        Assert.Equal([D3, D4, D5], _output.OfType<BookDeltaRecord>());
    }

    [Fact]
    public void Snapshots_are_published_each_time_the_interval_passes_on_exchange_time()
    {
        var sync = NewSynchronizer(new BookOptions { SnapshotInterval = TimeSpan.FromSeconds(1) });
        sync.OnDelta(Delta(100, 100, 99, at: -0.1), _output);
        sync.OnSnapshot(Snapshot(101), _output);

        BookDeltaRecord[] live =
        [
            Delta(101, 102, 100, bids: [new(100m, 2m)], at: 0.4),
            Delta(103, 103, 102, bids: [new(100m, 3m)], at: 0.9),
            Delta(104, 104, 103, bids: [new(100m, 4m)], at: 1.0), // 1 s after the snapshot: publish
            Delta(105, 105, 104, bids: [new(100m, 5m)], at: 1.5),
            Delta(106, 106, 105, bids: [new(100m, 6m)], at: 1.99),
            Delta(107, 107, 106, bids: [new(100m, 7m)], at: 2.1), // 1.1 s after the last one: publish
            Delta(108, 108, 107, bids: [new(100m, 8m)], at: 2.2),
        ];
        foreach (var delta in live)
        {
            sync.OnDelta(delta, _output);
        }

        var snapshots = _output.OfType<BookSnapshotRecord>().ToList();
        Assert.Equal(3, snapshots.Count);
        Assert.Equal(_output.IndexOf(live[2]) + 1, _output.IndexOf(snapshots[1]));
        Assert.Equal(_output.IndexOf(live[5]) + 1, _output.IndexOf(snapshots[2]));
        Assert.Equal((104L, 104L, live[2].Timestamp, live[2].LocalTimestamp), (snapshots[1].FirstUpdateId, snapshots[1].LastUpdateId, snapshots[1].Timestamp, snapshots[1].LocalTimestamp));
        Assert.Equal(new BookLevel(100m, 4m), snapshots[1].Bids[0]);
        Assert.Equal(new BookLevel(100m, 7m), snapshots[2].Bids[0]);
        Assert.Equal(10, _output.Count);
    }

    [Fact]
    public void A_zero_interval_publishes_snapshots_only_on_synchronization()
    {
        var sync = NewSynchronizer(new BookOptions { SnapshotInterval = TimeSpan.Zero });
        sync.OnDelta(Delta(100, 100, 99), _output);
        sync.OnSnapshot(Snapshot(100), _output);

        for (var i = 1; i <= 50; i++)
        {
            sync.OnDelta(Delta(100 + i, 100 + i, 99 + i, bids: [new(100m, i)], at: i), _output);
        }

        Assert.Single(_output.OfType<BookSnapshotRecord>());
        Assert.Equal(51, _output.OfType<BookDeltaRecord>().Count());
    }

    [Fact]
    public void Reset_discards_the_book_and_the_next_update_starts_over()
    {
        var sync = Synced(through: D2);

        Assert.Equal(BookSyncAction.None, sync.Reset(ResyncReason.Disconnected, "connection closed by the server"));

        Assert.Equal(BookSyncState.Unsynced, sync.State);
        Assert.Equal(0, sync.Book.BidCount + sync.Book.AskCount);
        Assert.Equal(0, sync.LastUpdateId);
        Assert.Equal([(Perp, ResyncReason.Disconnected, "connection closed by the server")], _observer.Resyncs);

        // The answer to a request made before the reset is of no use now.
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(107), _output));
        Assert.Equal(BookSyncState.Unsynced, sync.State);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(D4, _output));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(117), _output));
        Assert.Equal(120, sync.LastUpdateId);
    }

    [Fact]
    public void Reset_while_awaiting_a_snapshot_empties_the_buffer()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);
        sync.OnDelta(D2, _output);

        sync.Reset(ResyncReason.BufferOverflow, "inbound queue dropped 12 frames");

        Assert.Equal(0, sync.BufferedCount);
        Assert.Equal(BookSyncState.Unsynced, sync.State);
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(D3, _output));
    }

    [Fact]
    public void An_update_for_another_instrument_is_refused()
    {
        var sync = NewSynchronizer();
        var foreign = new BookDeltaRecord
        {
            Instrument = OtherPerp, Timestamp = T0, LocalTimestamp = T0, Bids = [], Asks = [], FirstUpdateId = 1, LastUpdateId = 1,
        };

        Assert.Throws<ArgumentException>(() => sync.OnDelta(foreign, _output));
        Assert.Equal(BookSyncState.Unsynced, sync.State);
    }

    [Fact]
    public void An_equal_instrument_instance_is_accepted()
    {
        var sync = NewSynchronizer();
        var twin = new Instrument("binance-usdm", MarketType.Perpetual, "BTC", "USDT", "BTCUSDT", ContractKind.Linear);
        var delta = new BookDeltaRecord
        {
            Instrument = twin, Timestamp = T0, LocalTimestamp = T0, Bids = [], Asks = [], FirstUpdateId = 101, LastUpdateId = 105, PreviousUpdateId = 100,
        };

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(delta, _output));
    }

    [Fact]
    public void While_the_snapshot_request_waits_for_its_turn_only_the_last_ten_seconds_of_updates_are_buffered()
    {
        var sync = NewSynchronizer();
        var chain = Chain(count: 60, secondsApart: 1);
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(chain[0], _output));
        foreach (var delta in chain.Skip(1))
        {
            sync.OnDelta(delta, _output);
        }

        // Received at 0..59 s: those from 49 s on are within ten seconds of the newest.
        Assert.Equal(11, sync.BufferedCount);

        // A snapshot taken inside update 50 bridges to the kept updates as it would have to the whole buffer.
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(chain[50].FirstUpdateId + 1), _output));
        Assert.Equal(chain[^1].LastUpdateId, sync.LastUpdateId);
        Assert.Equal(chain[50..], _output.OfType<BookDeltaRecord>());
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void Once_the_request_is_sent_every_update_from_ten_seconds_before_it_on_is_kept_until_the_snapshot_comes()
    {
        var sync = NewSynchronizer();
        var chain = Chain(count: 120, secondsApart: 1);
        for (var i = 0; i <= 30; i++)
        {
            sync.OnDelta(chain[i], _output);
        }

        // Sent at 30 s; the answer is slow (90 s): nothing from 20 s on may go, or the snapshot could not bridge.
        sync.NoteSnapshotRequestSent(chain[30].LocalTimestamp);
        for (var i = 31; i < 120; i++)
        {
            sync.OnDelta(chain[i], _output);
        }

        Assert.Equal(100, sync.BufferedCount);
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(chain[26].FirstUpdateId + 1), _output));
        Assert.Equal(chain[^1].LastUpdateId, sync.LastUpdateId);
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void A_snapshot_older_than_the_kept_updates_is_fetched_again_and_the_next_request_is_trimmed_afresh()
    {
        var sync = NewSynchronizer();
        var chain = Chain(count: 40, secondsApart: 1);
        for (var i = 0; i < 40; i++)
        {
            sync.OnDelta(chain[i], _output);
        }

        // The buffer starts at 29 s; a snapshot of 5 s is too old for it (a venue serving from a very stale cache).
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(chain[5].FirstUpdateId + 1), _output));
        Assert.Equal(ResyncReason.StaleSnapshot, Assert.Single(_observer.Resyncs).Reason);
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(chain[35].FirstUpdateId + 1), _output));
        Assert.Equal(BookSyncState.Synced, sync.State);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(20, 0, 1)]
    [InlineData(20, 10, -1)]
    public void Options_that_cannot_work_are_refused(int depth, int maxBuffered, int intervalSeconds)
    {
        var options = new BookOptions { SnapshotDepth = depth, MaxBufferedUpdates = maxBuffered, SnapshotInterval = TimeSpan.FromSeconds(intervalSeconds) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new BookSynchronizer(Perp, BinanceFuturesBookRules.Instance, options));
    }

    private static BookDeltaRecord Delta(long first, long last, long previous, BookLevel[]? bids = null, BookLevel[]? asks = null, double at = 0) => new()
    {
        Instrument = Perp,
        Timestamp = T0.AddSeconds(at),
        LocalTimestamp = T0.AddSeconds(at).AddMilliseconds(3),
        Bids = bids ?? [],
        Asks = asks ?? [],
        FirstUpdateId = first,
        LastUpdateId = last,
        PreviousUpdateId = previous,
    };

    /// <summary>A contiguous chain of updates, the first at T0, received <paramref name="secondsApart"/> apart.</summary>
    private static BookDeltaRecord[] Chain(int count, double secondsApart) =>
        Enumerable.Range(0, count)
            .Select(i => Delta(101 + (i * 5), 105 + (i * 5), 100 + (i * 5), bids: [new(90m - (i * 0.01m), 1m)], at: i * secondsApart))
            .ToArray();

    private static DepthSnapshot Snapshot(long lastUpdateId, BookLevel[]? bids = null, BookLevel[]? asks = null) =>
        new(lastUpdateId, bids ?? SnapshotBids, asks ?? SnapshotAsks, T0, T0.AddMilliseconds(5));

    private BookSynchronizer NewSynchronizer(BookOptions? options = null) =>
        new(Perp, BinanceFuturesBookRules.Instance, options ?? new BookOptions(), _observer);

    /// <summary>A synchronizer bridged at D1 and continued through <paramref name="through"/>.</summary>
    private BookSynchronizer Synced(BookDeltaRecord through)
    {
        var sync = NewSynchronizer();
        sync.OnDelta(D1, _output);
        sync.OnSnapshot(Snapshot(103), _output);
        foreach (var delta in new[] { D2, D3, D4, D5 }.TakeWhile(d => d.LastUpdateId <= through.LastUpdateId))
        {
            sync.OnDelta(delta, _output);
        }

        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(through.LastUpdateId, sync.LastUpdateId);
        return sync;
    }
}
