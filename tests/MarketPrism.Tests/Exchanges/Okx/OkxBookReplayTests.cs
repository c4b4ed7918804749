using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Okx;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// Replays the recorded OKX <c>books</c> frames (3 snapshots and 287 updates, three markets) through
/// <see cref="BookSynchronizer"/> with the OKX rules: every recorded checksum must match the local book, and a wrong
/// checksum or a broken sequence must cause exactly one resynchronization, after which the book is right again.
/// </summary>
public sealed class OkxBookReplayTests
{
    /// <summary>The recorded books frames in arrival order, each parsed by the parser of its market.</summary>
    private static List<BookDeltaRecord> RecordedBookFrames()
    {
        var deltas = new List<BookDeltaRecord>();
        foreach (var frame in OkxRecordings.Frames(OkxRecordings.Capture))
        {
            if (frame.Payload.AsSpan().IndexOf("\"channel\":\"books\""u8) < 0 || frame.Payload.AsSpan().IndexOf("\"data\""u8) < 0)
            {
                continue;
            }

            var (result, records) = OkxRecordings.Parse(OkxRecordings.MarketOf(frame), frame);
            Assert.Equal(FrameKind.Data, result.Kind);
            deltas.Add(Assert.IsType<BookDeltaRecord>(Assert.Single(records)));
        }

        return deltas;
    }

    [Fact]
    public void Every_recorded_checksum_matches_the_book_after_its_frame()
    {
        var deltas = RecordedBookFrames();
        var references = new Dictionary<string, ReferenceBook>();
        var verified = 0;
        foreach (var delta in deltas)
        {
            if (delta.IsSnapshot)
            {
                references[delta.ExchangeSymbol] = new ReferenceBook();
            }

            var reference = references[delta.ExchangeSymbol];
            reference.Apply(delta.Bids, delta.Asks);
            var book = new OrderBook();
            book.Load(reference.GetBids(), reference.GetAsks());
            Assert.True(delta.Checksum == OkxChecksum.Compute(book), $"{delta.ExchangeSymbol} frame at {delta.Timestamp:O}: checksum {delta.Checksum}, computed {OkxChecksum.Compute(book)}");
            verified++;
        }

        Assert.Equal(290, verified);
        Assert.Equal(3, deltas.Count(delta => delta.IsSnapshot));
    }

    [Fact]
    public void A_wrong_checksum_causes_exactly_one_resync_and_the_next_snapshot_makes_the_book_right_again()
    {
        var deltas = RecordedBookFrames().Where(delta => delta.ExchangeSymbol == "BTC-USDT").ToList();
        var corrupted = deltas[40];
        deltas[40] = Copy(corrupted, checksum: corrupted.Checksum!.Value ^ 1);
        var replay = new InBandBookReplay(OkxBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.Zero });
        var reference = new ReferenceBook();
        var actions = new List<BookSyncAction>();

        for (var i = 0; i < deltas.Count; i++)
        {
            reference.Apply(deltas[i].Bids, deltas[i].Asks);
            actions.Add(replay.Feed(deltas[i]));
            if (actions[^1] == BookSyncAction.Resubscribe)
            {
                // What resubscribing brings: OKX's snapshot of the book as it is now.
                actions.Add(replay.Feed(OkxInBandSnapshot.At(deltas[i], reference.GetBids(), reference.GetAsks())));
            }
        }

        var resync = Assert.Single(replay.Observer.Resyncs);
        Assert.Equal(ResyncReason.ChecksumMismatch, resync.Reason);
        Assert.Equal(1, actions.Count(action => action == BookSyncAction.Resubscribe));
        var book = replay.Books.Values.Single();
        Assert.Equal(BookSyncState.Synced, book.State);
        Assert.Equal(reference.GetBids(), book.Book.GetBids(int.MaxValue));
        Assert.Equal(reference.GetAsks(), book.Book.GetAsks(int.MaxValue));

        // The update whose checksum failed is not published: the snapshot after the resubscription supersedes it.
        Assert.DoesNotContain(replay.Output, record => ReferenceEquals(record, deltas[40]));
        Assert.Equal(2, replay.Output.OfType<BookSnapshotRecord>().Count(snapshot => snapshot.FirstUpdateId == snapshot.LastUpdateId && snapshot.Depth == 20 && IsResyncSnapshot(snapshot, deltas)));
    }

    [Fact]
    public void A_sequence_gap_causes_exactly_one_resync()
    {
        var instrument = OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Perpetual)!;
        var replay = new InBandBookReplay(OkxBookRules.Instance);

        var actions = new[]
        {
            replay.Feed(Delta(instrument, snapshot: true, previous: null, seq: 10, bids: [new(100m, 1m)], asks: [new(101m, 1m)])),
            replay.Feed(Delta(instrument, snapshot: false, previous: 10, seq: 15, bids: [new(100m, 2m)], asks: [])),
            replay.Feed(Delta(instrument, snapshot: false, previous: 16, seq: 20, bids: [new(99m, 2m)], asks: [])),
            replay.Feed(Delta(instrument, snapshot: false, previous: 20, seq: 25, bids: [new(98m, 2m)], asks: [])),
        };

        Assert.Equal([BookSyncAction.None, BookSyncAction.None, BookSyncAction.Resubscribe, BookSyncAction.None], actions);
        var resync = Assert.Single(replay.Observer.Resyncs);
        Assert.Equal(ResyncReason.Gap, resync.Reason);
        Assert.Equal("expected the update after 15, received 20..20 (previous id 16)", resync.Detail);

        // Waiting for the resubscription's snapshot, the next update is kept for a REST fallback, not dropped.
        Assert.Equal(0, replay.Observer.SkipCount(UpdateSkipReason.AwaitingSnapshot));
        Assert.Equal(1, replay.Books[instrument].BufferedCount);
    }

    private static bool IsResyncSnapshot(BookSnapshotRecord snapshot, List<BookDeltaRecord> deltas) =>
        snapshot.FirstUpdateId == deltas[0].LastUpdateId || deltas.Any(delta => delta.LastUpdateId == snapshot.LastUpdateId);

    private static BookDeltaRecord Copy(BookDeltaRecord delta, long checksum) => new()
    {
        Instrument = delta.Instrument,
        Timestamp = delta.Timestamp,
        LocalTimestamp = delta.LocalTimestamp,
        Bids = delta.Bids,
        Asks = delta.Asks,
        FirstUpdateId = delta.FirstUpdateId,
        LastUpdateId = delta.LastUpdateId,
        PreviousUpdateId = delta.PreviousUpdateId,
        IsSnapshot = delta.IsSnapshot,
        Checksum = checksum,
    };

    private static BookDeltaRecord Delta(Instrument instrument, bool snapshot, long? previous, long seq, BookLevel[] bids, BookLevel[] asks) => new()
    {
        Instrument = instrument,
        Timestamp = DateTime.UnixEpoch.AddMilliseconds(seq),
        LocalTimestamp = DateTime.UnixEpoch.AddMilliseconds(seq),
        Bids = bids,
        Asks = asks,
        FirstUpdateId = seq,
        LastUpdateId = seq,
        PreviousUpdateId = previous,
        IsSnapshot = snapshot,
        Checksum = 0,
    };
}
