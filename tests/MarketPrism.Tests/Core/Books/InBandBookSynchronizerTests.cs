using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Core.Books;

/// <summary>
/// The in-band snapshot flow (OKX, Bybit, Deribit send the full book as a frame), exercised with minimal rules of
/// the Bybit kind (<c>u</c> rises by one per update) and then with the real recorded Bybit <c>orderbook.500</c> session.
/// </summary>
public sealed class InBandBookSynchronizerTests
{
    private static readonly Instrument XrpPerp = new("bybit", MarketType.Perpetual, "XRP", "USDT", "XRPUSDT", ContractKind.Linear);
    private static readonly DateTime T0 = UtcTimestamp.FromUnixMilliseconds(1733011200691);

    private readonly RecordingBookSyncObserver _observer = new();
    private readonly List<MarketRecord> _output = [];

    [Fact]
    public void Updates_before_the_first_snapshot_are_discarded_and_counted()
    {
        var sync = NewSynchronizer();

        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(5), _output));

        Assert.Equal(BookSyncState.Unsynced, sync.State);
        Assert.Equal(0, sync.BufferedCount);
        Assert.Equal(1, _observer.SkipCount(UpdateSkipReason.AwaitingSnapshot));
        Assert.Empty(_output);
    }

    [Fact]
    public void A_snapshot_frame_loads_the_book_and_is_published_as_a_snapshot_record_not_as_an_update()
    {
        var sync = NewSynchronizer();
        var snapshot = SnapshotFrame(10);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(snapshot, _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(11, bids: [new(1.9m, 0m)]), _output));

        Assert.Equal(BookSyncState.Synced, sync.State);
        Assert.Equal(11, sync.LastUpdateId);
        var record = Assert.IsType<BookSnapshotRecord>(_output[0]);
        Assert.Equal((10L, 10L, snapshot.Timestamp), (record.FirstUpdateId, record.LastUpdateId, record.Timestamp));
        Assert.Equal(snapshot.Bids, record.Bids);
        Assert.IsType<BookDeltaRecord>(_output[1]);
        Assert.DoesNotContain(snapshot, _output);
        Assert.Equal([(XrpPerp, 10L, 0)], _observer.Syncs);
        Assert.Equal([new BookLevel(1.8m, 2m)], sync.Book.GetBids(5));
    }

    [Fact]
    public void A_gap_asks_to_resubscribe_and_updates_are_discarded_until_the_new_snapshot()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(SnapshotFrame(10), _output);
        sync.OnDelta(Update(11), _output);

        Assert.Equal(BookSyncAction.Resubscribe, sync.OnDelta(Update(13), _output));
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(0, sync.Book.BidCount);
        Assert.Equal(ResyncReason.Gap, Assert.Single(_observer.Resyncs).Reason);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(14), _output));
        Assert.Equal(0, sync.BufferedCount);
        Assert.Equal(1, _observer.SkipCount(UpdateSkipReason.AwaitingSnapshot));

        Assert.Equal(BookSyncAction.None, sync.OnDelta(SnapshotFrame(20), _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(21), _output));
        Assert.Equal(21, sync.LastUpdateId);
        Assert.Equal(BookSyncState.Synced, sync.State);
    }

    [Fact]
    public void A_checksum_mismatch_asks_to_resubscribe_and_the_update_is_not_published()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(SnapshotFrame(10), _output);
        var published = _output.Count;

        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(11, checksum: 2_002), _output));
        Assert.Equal(BookSyncAction.Resubscribe, sync.OnDelta(Update(12, asks: [new(2.5m, 1m)], checksum: 2_002), _output));

        Assert.Equal(published + 1, _output.Count);
        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.ChecksumMismatch, resync.Reason);
        Assert.Equal("checksum 2002 does not match the book after update 12..12", resync.Detail);
    }

    [Fact]
    public void A_snapshot_frame_whose_checksum_fails_is_not_published_and_asks_to_resubscribe()
    {
        var sync = NewSynchronizer();

        // The snapshot holds 2 bids and 2 asks: its checksum under these rules is 2002, not 9.
        Assert.Equal(BookSyncAction.Resubscribe, sync.OnDelta(SnapshotFrame(10, checksum: 9), _output));

        Assert.Empty(_output);
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        var resync = Assert.Single(_observer.Resyncs);
        Assert.Equal(ResyncReason.ChecksumMismatch, resync.Reason);
        Assert.Equal("checksum 9 does not match the in-band snapshot at update 10", resync.Detail);
        Assert.Equal(BookSyncAction.None, sync.OnDelta(SnapshotFrame(20, checksum: 2_002), _output));
        Assert.Equal(BookSyncState.Synced, sync.State);
    }

    [Fact]
    public void With_checksums_turned_off_a_mismatch_is_not_a_resync()
    {
        var sync = new BookSynchronizer(XrpPerp, SequentialInBandRules.Instance, new BookOptions { VerifyChecksum = false }, _observer);

        Assert.Equal(BookSyncAction.None, sync.OnDelta(SnapshotFrame(10, checksum: 9), _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(11, checksum: 9), _output));

        Assert.Empty(_observer.Resyncs);
        Assert.Equal(11, sync.LastUpdateId);
    }

    [Fact]
    public void A_snapshot_frame_while_synced_replaces_the_book_as_after_a_venue_restart()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(SnapshotFrame(500), _output);
        sync.OnDelta(Update(501, bids: [new(1.7m, 9m)]), _output);

        // Bybit: "u=1 ... is a snapshot data due to the restart of the service".
        Assert.Equal(BookSyncAction.None, sync.OnDelta(SnapshotFrame(1), _output));
        Assert.Equal(BookSyncAction.None, sync.OnDelta(Update(2), _output));

        Assert.Equal(2, sync.LastUpdateId);
        Assert.False(sync.Book.TryGetSize(Side.Buy, 1.7m, out _));
        Assert.Empty(_observer.Resyncs);
        Assert.Equal(2, _observer.Syncs.Count);
    }

    [Fact]
    public void A_rest_snapshot_is_ignored_by_an_in_band_venue()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(Update(5), _output);

        Assert.Equal(BookSyncAction.None, sync.OnSnapshot(new DepthSnapshot(5, [new(1m, 1m)], [new(2m, 1m)], T0, T0), _output));
        Assert.Equal(BookSyncState.Unsynced, sync.State);
        Assert.Empty(_output);
    }

    [Fact]
    public void Reset_asks_to_resubscribe_unless_the_connection_is_gone_anyway()
    {
        var sync = NewSynchronizer();
        sync.OnDelta(SnapshotFrame(10), _output);

        Assert.Equal(BookSyncAction.None, sync.Reset(ResyncReason.Disconnected, "socket closed"));
        Assert.Equal(BookSyncState.Unsynced, sync.State);

        sync.OnDelta(SnapshotFrame(20), _output);
        Assert.Equal(BookSyncAction.Resubscribe, sync.Reset(ResyncReason.BufferOverflow, "inbound queue dropped 3 frames"));
        Assert.Equal(BookSyncState.AwaitingSnapshot, sync.State);
        Assert.Equal(0, sync.Book.BidCount);
    }

    [Fact]
    public void The_recorded_bybit_session_applies_every_delta_on_top_of_its_snapshot()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "recordings", "bybit", "2024-12-01_XRPUSDT_ob500.data");
        var frames = CaptureReader.ReadFile(path).Select(entry => BybitFrame(entry.Payload)).ToList();
        var sync = NewSynchronizer();
        var reference = new ReferenceBook();

        foreach (var frame in frames)
        {
            Assert.Equal(BookSyncAction.None, sync.OnDelta(frame, _output));
            if (frame.IsSnapshot)
            {
                reference.Load(frame.Bids, frame.Asks);
            }
            else
            {
                reference.Apply(frame.Bids, frame.Asks);
            }
        }

        Assert.Equal(50, frames.Count);
        Assert.Empty(_observer.Resyncs);
        Assert.Equal(frames[^1].LastUpdateId, sync.LastUpdateId);
        Assert.Equal(reference.GetBids(), sync.Book.GetBids(int.MaxValue));
        Assert.Equal(reference.GetAsks(), sync.Book.GetAsks(int.MaxValue));
        Assert.Equal(frames.Skip(1), _output.OfType<BookDeltaRecord>(), ReferenceEqualityComparer.Instance);
        Assert.False(sync.Book.IsCrossed);
    }

    private BookSynchronizer NewSynchronizer() => new(XrpPerp, SequentialInBandRules.Instance, new BookOptions(), _observer);

    private static BookDeltaRecord SnapshotFrame(long u, long? checksum = null) => new()
    {
        Instrument = XrpPerp,
        Timestamp = T0.AddMilliseconds(u),
        LocalTimestamp = T0.AddMilliseconds(u + 2),
        Bids = [new(1.9m, 1m), new(1.8m, 2m)],
        Asks = [new(2.0m, 1m), new(2.1m, 2m)],
        FirstUpdateId = u,
        LastUpdateId = u,
        IsSnapshot = true,
        Checksum = checksum,
    };

    private static BookDeltaRecord Update(long u, BookLevel[]? bids = null, BookLevel[]? asks = null, long? checksum = null) => new()
    {
        Instrument = XrpPerp,
        Timestamp = T0.AddMilliseconds(u),
        LocalTimestamp = T0.AddMilliseconds(u + 2),
        Bids = bids ?? [],
        Asks = asks ?? [],
        FirstUpdateId = u,
        LastUpdateId = u,
        Checksum = checksum,
    };

    /// <summary>A Bybit v5 <c>orderbook.N</c> frame: <c>{"topic","type","ts","data":{"s","b","a","u","seq"},"cts"}</c>.</summary>
    private static BookDeltaRecord BybitFrame(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var data = root.GetProperty("data");
        var u = data.GetProperty("u").GetInt64();
        var time = UtcTimestamp.FromUnixMilliseconds(root.GetProperty("ts").GetInt64());
        return new BookDeltaRecord
        {
            Instrument = XrpPerp,
            Timestamp = time,
            LocalTimestamp = time,
            Bids = Levels(data.GetProperty("b")),
            Asks = Levels(data.GetProperty("a")),
            FirstUpdateId = u,
            LastUpdateId = u,
            IsSnapshot = root.GetProperty("type").GetString() == "snapshot",
        };
    }

    private static BookLevel[] Levels(JsonElement array) =>
        array.EnumerateArray()
            .Select(level => new BookLevel(
                decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture),
                decimal.Parse(level[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>
    /// Minimal in-band rules: each update's id is the previous one plus one (Bybit's <c>u</c>). The checksum, when
    /// an update carries one, is the book's level count (1000 x bids + asks): enough to exercise the hook.
    /// </summary>
    private sealed class SequentialInBandRules : IBookSequenceRules
    {
        public static SequentialInBandRules Instance { get; } = new();

        public BookSnapshotSource SnapshotSource => BookSnapshotSource.InBand;

        public SequenceDecision Bridge(BookDeltaRecord delta, long snapshotUpdateId) => Continue(delta, snapshotUpdateId);

        public SequenceDecision Continue(BookDeltaRecord delta, long lastAppliedUpdateId) =>
            delta.LastUpdateId <= lastAppliedUpdateId ? SequenceDecision.Stale
            : delta.LastUpdateId == lastAppliedUpdateId + 1 ? SequenceDecision.Apply
            : SequenceDecision.Gap;

        public bool IsSnapshotTooOld(DepthSnapshot snapshot, BookDeltaRecord firstBuffered) => false;

        public bool VerifyChecksum(OrderBook book, BookDeltaRecord applied) =>
            applied.Checksum is not { } checksum || checksum == (book.BidCount * 1000) + book.AskCount;
    }
}
