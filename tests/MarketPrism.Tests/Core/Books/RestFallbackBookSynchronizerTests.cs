using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Core.Books;

/// <summary>
/// The in-band flow with a REST fallback (<see cref="BookSnapshotSource.InBandWithRestFallback"/>), with OKX's rules
/// (<c>seqId</c>/<c>prevSeqId</c>): updates are buffered until a snapshot comes; when the runtime says the in-band
/// snapshot is overdue a REST snapshot is asked for and bridged; an in-band snapshot always wins.
/// </summary>
public sealed class RestFallbackBookSynchronizerTests
{
    private static readonly Instrument Swap = OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Perpetual)!;
    private static readonly DateTime T0 = UtcTimestamp.FromUnixMilliseconds(1780536387405);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly BookLevel[] SnapshotBids = [new(100m, 1m), new(99m, 2m)];
    private static readonly BookLevel[] SnapshotAsks = [new(101m, 1m), new(102m, 2m)];

    // A chain as OKX sends it: each update's prevSeqId is the previous seqId, steps uneven.
    private static readonly BookDeltaRecord U1 = Update(100, 105, bids: [new(100m, 5m)]);
    private static readonly BookDeltaRecord U2 = Update(105, 110, asks: [new(101m, 0m)]);
    private static readonly BookDeltaRecord U3 = Update(110, 118, bids: [new(99.5m, 4m)]);
    private static readonly BookDeltaRecord U4 = Update(118, 120, asks: [new(101.5m, 7m)]);

    private readonly RecordingBookSyncObserver _observer = new();
    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void Updates_before_any_snapshot_are_buffered_and_nothing_is_fetched_until_the_in_band_snapshot_is_overdue()
    {
        var sync = NewSynchronizer();

        Assert.Equal(BookSyncAction.None, sync.OnDelta(U1, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(U2, _output));

        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(2, sync.BufferedCount);
        Assert.False(sync.AwaitsRestSnapshot);
        Assert.Empty(_observer.Skips);
        Assert.Empty(_output);
    }

    [Fact]
    public void An_overdue_in_band_snapshot_asks_for_one_rest_snapshot_and_says_so_without_counting_a_resync()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnInBandSnapshotOverdue(Timeout));
        Assert.Equal(BookSyncAction.None, sync.OnInBandSnapshotOverdue(Timeout));

        Assert.True(sync.AwaitsRestSnapshot);
        var fallback = Assert.Single(_observer.Fallbacks);
        Assert.Equal("no in-band snapshot 5 s after subscribing; fetching one over REST and bridging 1 buffered updates to it", fallback.Detail);
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void A_quiet_book_without_any_update_is_seeded_from_rest_and_bridges_the_first_update_after_it()
    {
        var sync = NewSynchronizer();

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnInBandSnapshotOverdue(Timeout));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(100), _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(U1, _output));

        Assert.Equal((BookSyncState.Synced, 105L), (sync.State, sync.LastUpdateId));
        Assert.Same(U1, _output[^1]);
    }

    [Fact]
    public void The_rest_snapshot_is_bridged_stale_updates_skipped_and_the_rest_applied_in_order()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnDelta(U2, _output);
        sync.OnDelta(U3, _output);
        sync.OnInBandSnapshotOverdue(Timeout);

        // The REST book was taken inside U2's push (105 < 107 < 110): U1 is stale, U2 bridges, U3 continues.
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(107), _output));

        Assert.Equal((BookSyncState.Synced, 118L, 0), (sync.State, sync.LastUpdateId, sync.BufferedCount));
        Assert.False(sync.AwaitsRestSnapshot);
        var record = Assert.IsType<BookSnapshotRecord>(_output[0]);
        Assert.Equal((107L, 107L), (record.FirstUpdateId, record.LastUpdateId));
        Assert.Equal(SnapshotBids, record.Bids);
        Assert.Equal([U2, U3], _output.Skip(1));
        Assert.Equal(1, _observer.SkipCount(UpdateSkipReason.Stale));
        Assert.Equal([(Swap, 107L, 2)], _observer.Syncs);
        Assert.Equal([new(100m, 1m), new(99.5m, 4m), new(99m, 2m)], sync.Book.GetBids(10));
        Assert.Equal([new(102m, 2m)], sync.Book.GetAsks(10));

        Assert.Equal(BookSyncAction.None, sync.OnDelta(U4, _output));
        Assert.Equal(120, sync.LastUpdateId);
    }

    [Fact]
    public void A_rest_snapshot_older_than_the_first_buffered_update_is_fetched_again()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U2, _output);
        sync.OnInBandSnapshotOverdue(Timeout);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(104), _output));

        Assert.True(sync.AwaitsRestSnapshot);
        Assert.Equal(ResyncReason.StaleSnapshot, Assert.Single(_observer.Resyncs).Reason);
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(106), _output));
        Assert.Equal(110, sync.LastUpdateId);
    }

    [Fact]
    public void Updates_missing_between_the_rest_snapshot_and_the_buffer_are_a_gap_and_another_snapshot_is_fetched()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnDelta(Update(108, 112), _output); // 105..108 never arrived
        sync.OnInBandSnapshotOverdue(Timeout);

        // U1 is stale at 106; (108,112) does not start at or before 106.
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(106), _output));

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal("snapshot at update 106 does not reach update 112..112 (previous id 108)", resync.Detail);
        Assert.Equal((BookSyncState.AwaitingSnapshot, true, 1), (sync.State, sync.AwaitsRestSnapshot, sync.BufferedCount));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(110), _output));
        Assert.Equal(112, sync.LastUpdateId);
    }

    [Fact]
    public void A_live_gap_after_a_rest_seed_is_counted_with_the_ids_and_fetched_again()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(Update(108, 112), _output);
        sync.OnInBandSnapshotOverdue(Timeout);
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(109), _output));

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(Update(115, 117), _output));

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal("expected the update after 112, received 117..117 (previous id 115)", resync.Detail);
        Assert.True(sync.AwaitsRestSnapshot);
        Assert.Equal(1, sync.BufferedCount);
    }

    [Fact]
    public void A_gap_while_bridging_the_buffer_starts_over_with_the_failing_update_first()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnDelta(Update(112, 118), _output); // 105..112 is missing from the stream
        sync.OnInBandSnapshotOverdue(Timeout);

        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnSnapshot(Snapshot(100), _output));

        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal("expected the update after 105, received 118..118 (previous id 112)", resync.Detail);
        Assert.Equal(1, sync.BufferedCount);
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(114), _output));
        Assert.Equal((BookSyncState.Synced, 118L), (sync.State, sync.LastUpdateId));
    }

    [Fact]
    public void An_in_band_snapshot_arriving_while_the_rest_fetch_is_pending_wins_and_the_late_rest_answer_is_ignored()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnInBandSnapshotOverdue(Timeout);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(InBandSnapshot(200), _output));
        Assert.False(sync.AwaitsRestSnapshot);
        Assert.Equal(0, sync.BufferedCount);
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(200, 204, bids: [new(98m, 1m)]), _output));
        var published = _output.Count;

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(150, bids: [new(50m, 1m)]), _output));

        Assert.Equal(published, _output.Count);
        Assert.Equal((BookSyncState.Synced, 204L), (sync.State, sync.LastUpdateId));
        Assert.Equal([new(100m, 1m), new(99m, 2m), new(98m, 1m)], sync.Book.GetBids(10));
        Assert.Equal([(Swap, 200L, 0)], _observer.Syncs);
        Assert.Equal(BookSyncAction.None, sync.OnInBandSnapshotOverdue(Timeout));
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void An_in_band_snapshot_discards_the_updates_buffered_before_it()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnDelta(U2, _output);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(InBandSnapshot(110), _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(U3, _output));

        Assert.Equal(118, sync.LastUpdateId);
        Assert.Equal([U3], _output.OfType<BookDeltaRecord>());
        Assert.Empty(_observer.Skips);
    }

    [Fact]
    public void A_book_seeded_from_rest_is_seeded_from_rest_again_after_a_gap_without_resubscribing()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnInBandSnapshotOverdue(Timeout);
        sync.OnSnapshot(Snapshot(100), _output);

        var broken = Update(112, 118);
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnDelta(broken, _output));

        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.True(sync.AwaitsRestSnapshot);
        Assert.Equal(1, sync.BufferedCount);
        Assert.Equal(ResyncReason.Gap, Assert.Single(_observer.Resyncs).Reason);
        Assert.Equal(0, sync.Book.BidCount);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(U4, _output));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(115), _output));
        Assert.Equal((BookSyncState.Synced, 120L), (sync.State, sync.LastUpdateId));
        Assert.Equal(2, _observer.Syncs.Count);
        Assert.Single(_observer.Fallbacks);
    }

    [Fact]
    public void A_book_seeded_in_band_resubscribes_after_a_gap_and_falls_back_to_rest_when_no_snapshot_follows()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(InBandSnapshot(100), _output);
        sync.OnDelta(U1, _output);

        Assert.Equal(BookSyncAction.Resubscribe, sync.OnDelta(Update(112, 118), _output));
        Assert.False(sync.AwaitsRestSnapshot);

        // The resubscription brings updates only: they are buffered, and when the snapshot is overdue REST seeds the book.
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(118, 120), _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(120, 125), _output));
        Assert.Equal(BookSyncAction.FetchSnapshot, sync.OnInBandSnapshotOverdue(Timeout));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(121), _output));

        Assert.Equal((BookSyncState.Synced, 125L), (sync.State, sync.LastUpdateId));
        Assert.Equal(1, _observer.SkipCount(UpdateSkipReason.Stale));
    }

    [Fact]
    public void A_lost_connection_drops_the_pending_fetch_and_its_late_answer_is_ignored()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(U1, _output);
        sync.OnInBandSnapshotOverdue(Timeout);

        Assert.Equal(BookSyncAction.None, sync.Reset(ResyncReason.Disconnected, "socket closed"));

        Assert.Equal((BookSyncState.Unsynced, 0, false), (sync.State, sync.BufferedCount, sync.AwaitsRestSnapshot));
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(100), _output));
        Assert.Empty(_output);
        Assert.Equal(BookSyncState.Unsynced, sync.State);
    }

    [Fact]
    public void Reset_for_another_reason_repairs_the_book_the_way_it_was_last_seeded()
    {
        var inBand = NewSynchronizer();
        inBand.OnDelta(InBandSnapshot(100), _output);
        Assert.Equal(BookSyncAction.Resubscribe, inBand.Reset(ResyncReason.BufferOverflow, "inbound queue dropped 3 frames"));

        var fromRest = NewSynchronizer();
        fromRest.OnInBandSnapshotOverdue(Timeout);
        fromRest.OnSnapshot(Snapshot(100), _output);
        Assert.Equal(BookSyncAction.FetchSnapshot, fromRest.Reset(ResyncReason.BufferOverflow, "inbound queue dropped 3 frames"));
        Assert.True(fromRest.AwaitsRestSnapshot);
    }

    [Fact]
    public void After_a_connection_hand_over_repeated_updates_are_stale_and_the_stream_continues()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(InBandSnapshot(100), _output);
        sync.OnDelta(U1, _output);
        sync.OnDelta(U2, _output);

        sync.OnStreamHandedOver();

        // The successor subscribed before U1 arrived: it repeats U1 and U2, then goes on.
        Assert.Equal(BookSyncAction.None, sync.OnDelta(U1, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(U2, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(U3, _output));

        Assert.Equal(118, sync.LastUpdateId);
        Assert.Equal(2, _observer.SkipCount(UpdateSkipReason.Stale));
        Assert.Empty(_observer.Resyncs);
    }

    [Fact]
    public void Buffering_is_bounded_dropping_the_oldest()
    {
        var sync = NewSynchronizer(new BookOptions { MaxBufferedUpdates = 2 });
        sync.OnDelta(U1, _output);
        sync.OnDelta(U2, _output);
        sync.OnDelta(U3, _output);

        Assert.Equal(2, sync.BufferedCount);
        Assert.Equal(1, _observer.SkipCount(UpdateSkipReason.BufferOverflow));
        sync.OnInBandSnapshotOverdue(Timeout);
        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(Snapshot(108), _output));
        Assert.Equal(118, sync.LastUpdateId);
    }

    [Fact]
    public void Venues_without_the_fallback_ignore_an_overdue_snapshot()
    {
        var binance = new BookSynchronizer(Swap, MarketPrism.Exchanges.Binance.BinanceFuturesBookRules.Instance, new BookOptions(), _observer);

        Assert.Equal(BookSyncAction.None, binance.OnInBandSnapshotOverdue(Timeout));
        Assert.Empty(_observer.Fallbacks);
    }

    private BookSynchronizer NewSynchronizer(BookOptions? options = null) => new(Swap, OkxBookRules.Instance, options ?? new BookOptions(), _observer);

    private static DepthSnapshot Snapshot(long seqId, BookLevel[]? bids = null) =>
        new(seqId, bids ?? SnapshotBids, SnapshotAsks, T0, T0.AddMilliseconds(5));

    private static BookDeltaRecord InBandSnapshot(long seqId) => new()
    {
        Instrument = Swap,
        Timestamp = T0,
        LocalTimestamp = T0,
        Bids = SnapshotBids,
        Asks = SnapshotAsks,
        FirstUpdateId = seqId,
        LastUpdateId = seqId,
        IsSnapshot = true,
        Checksum = 0,
    };

    private static BookDeltaRecord Update(long previous, long seqId, BookLevel[]? bids = null, BookLevel[]? asks = null) => new()
    {
        Instrument = Swap,
        Timestamp = T0.AddMilliseconds(seqId),
        LocalTimestamp = T0.AddMilliseconds(seqId + 1),
        Bids = bids ?? [],
        Asks = asks ?? [],
        FirstUpdateId = seqId,
        LastUpdateId = seqId,
        PreviousUpdateId = previous,
        Checksum = 0,
    };
}
