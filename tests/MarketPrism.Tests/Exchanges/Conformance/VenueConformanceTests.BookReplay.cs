using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// Rule 3: replaying the recorded book sessions through <see cref="BookSynchronizer"/> with the venue's own rules keeps
/// every book equal to an independent rebuild (<see cref="ReferenceBook"/>: each snapshot loaded, every later update
/// applied); a lost update is caught once and the truth restores the book; an update received twice is stale and
/// published once.
/// </summary>
public abstract partial class VenueConformanceTests
{
    /// <summary>Sessions shorter than this give no meaningful lost-update or duplicate test.</summary>
    private const int MinimumDeltasForFaults = 12;

    /// <summary>
    /// The recorded book sessions. Default: the book updates the venue's parser makes of each recording, per market
    /// (venues whose snapshots come in band); a venue that syncs from REST adds its recorded depth answers.
    /// </summary>
    protected virtual IReadOnlyList<BookSession> BookSessions()
    {
        var sessions = new List<BookSession>();
        foreach (var recording in Recordings.Where(recording => recording.IsSession))
        {
            var byMarket = new Dictionary<MarketType, (IFrameParser Parser, List<BookEvent> Events)>();
            foreach (var frame in recording.Frames())
            {
                if (!byMarket.TryGetValue(frame.Market, out var session))
                {
                    session = (NewParser(VenueOf(frame.Market)), []);
                    byMarket.Add(frame.Market, session);
                }

                var output = new List<MarketRecord>();
                if (session.Parser.Parse(frame.Payload, frame.Received, output).Kind == FrameKind.Data)
                {
                    session.Events.AddRange(output.OfType<BookDeltaRecord>().Select(BookEvent.Of));
                }
            }

            sessions.AddRange(byMarket
                .Where(pair => pair.Value.Events.Any(e => e.Delta!.IsSnapshot))
                .Select(pair => new BookSession($"{recording.File} ({pair.Key.ToWireName()})", pair.Key, pair.Value.Events)));
        }

        return sessions;
    }

    /// <summary>
    /// The snapshot resubscribing brings for a venue whose snapshots come in band: the book as it is now. A venue whose
    /// snapshots carry more (OKX's checksum) overrides this.
    /// </summary>
    protected virtual BookDeltaRecord InBandSnapshotOf(BookDeltaRecord at, BookLevel[] bids, BookLevel[] asks) => new()
    {
        Instrument = at.Instrument,
        Timestamp = at.Timestamp,
        LocalTimestamp = at.LocalTimestamp,
        Bids = bids,
        Asks = asks,
        FirstUpdateId = at.LastUpdateId,
        LastUpdateId = at.LastUpdateId,
        IsSnapshot = true,
    };

    [Fact]
    public void Replaying_the_recorded_book_sessions_keeps_every_book_equal_to_an_independent_rebuild()
    {
        var sessions = BookSessions();
        Assert.NotEmpty(sessions);
        foreach (var session in sessions)
        {
            var replay = new Replay(VenueOf(session.Market).BookRules, ReplayBookOptions);
            var truths = new Truths();
            var applied = new List<BookDeltaRecord>();
            foreach (var bookEvent in session.Timeline)
            {
                if (truths.Observe(bookEvent) && replay.Books.TryGetValue(bookEvent.Instrument, out var before) && before.State == BookSyncState.Synced)
                {
                    applied.Add(bookEvent.Delta!);
                }

                var action = replay.Feed(bookEvent);
                Assert.True(action != BookSyncAction.Resubscribe, $"{session}: resubscribe at {bookEvent.Delta?.LastUpdateId}");
            }

            Assert.True(replay.Observer.Resyncs.Count == 0, $"{session}: {string.Join("; ", replay.Observer.Resyncs)}");
            var synced = truths.Instruments.ToList();
            Assert.NotEmpty(synced);
            foreach (var instrument in synced)
            {
                var book = replay.Books[instrument];
                var truth = truths[instrument];
                Assert.True(book.State == BookSyncState.Synced, $"{session} {instrument}: {book.State}");
                var requests = replay.SnapshotRequests.GetValueOrDefault(instrument);
                Assert.True(requests <= 1, $"{session} {instrument}: {requests} snapshot requests");
                AssertBookEquals(truth, book, ReplayBookOptions, $"{session} {instrument}");

                // A synchronized book is published first as a book_snapshot of the book at the sync.
                var first = replay.Output.First(record => record.Instrument.Equals(instrument));
                Assert.True(first is BookSnapshotRecord, $"{session} {instrument}: first published a {first.DataType.ToWireName()}, not the book_snapshot of the sync");
            }

            // Published: every update applied once synced, as the same instance and in order; nothing twice; nothing
            // that is not a recorded update.
            var published = replay.Output.OfType<BookDeltaRecord>().ToList();
            Assert.Equal(published.Count, published.Distinct(ReferenceEqualityComparer.Instance).Count());
            var recorded = session.Timeline.Where(e => e.Delta is not null).Select(e => (object)e.Delta!).ToHashSet(ReferenceEqualityComparer.Instance);
            Assert.All(published, delta => Assert.Contains(delta, recorded));
            Assert.Empty(applied.Except(published, ReferenceEqualityComparer.Instance));
            var arrival = session.Timeline.Select((e, index) => (e.Delta, index)).Where(pair => pair.Delta is not null)
                .ToDictionary(pair => (object)pair.Delta!, pair => pair.index, ReferenceEqualityComparer.Instance);
            var order = published.Select(delta => arrival[delta]).ToList();
            Assert.True(order.SequenceEqual(order.Order()), $"{session}: updates published out of arrival order");
            AssertBestFirst(replay.Output, session.Name);
        }
    }

    [Fact]
    public void A_lost_book_update_is_one_gap_resync_and_the_truth_restores_the_book()
    {
        var tested = 0;
        foreach (var session in BookSessions())
        {
            if (BusiestInstrument(session) is not { } instrument)
            {
                continue;
            }

            tested++;
            var deltas = session.DeltasOf(instrument).Where(delta => !delta.IsSnapshot).ToList();
            var lost = deltas[deltas.Count / 2];

            // Strict continuity: a venue whose default tolerates skipped ids (Bybit) must still catch a lost update
            // when asked to.
            var rules = VenueOf(session.Market).GetBookRules(new VenueStreamOptions(StrictBookContinuity: true));
            var replay = new Replay(rules, ReplayBookOptions);
            var truths = new Truths();
            var actions = new List<BookSyncAction>();
            foreach (var bookEvent in session.Timeline)
            {
                truths.Observe(bookEvent);
                if (ReferenceEquals(bookEvent.Delta, lost))
                {
                    continue;
                }

                var action = replay.Feed(bookEvent);
                if (!bookEvent.Instrument.Equals(instrument) || bookEvent.Delta is null)
                {
                    continue;
                }

                actions.Add(action);
                if (action == BookSyncAction.FetchSnapshot && replay.SnapshotRequests[instrument] == 2
                    || action == BookSyncAction.Resubscribe)
                {
                    Repair(replay, truths[instrument], bookEvent.Delta, action);
                }
            }

            // Caught by the sequence, or by the checksum where the updates carry no link to the one before (OKX
            // before it added seqId, as in the 2022 capture).
            var resync = Assert.Single(replay.Observer.Resyncs);
            Assert.Equal(instrument, resync.Instrument);
            Assert.True(resync.Reason is ResyncReason.Gap or ResyncReason.ChecksumMismatch, $"{session}: {resync}");
            var initialRequests = session.Timeline.Any(e => e.Snapshot is not null) ? 1 : 0;
            var recoveries = actions.Count(action => action == BookSyncAction.Resubscribe) + replay.SnapshotRequests.GetValueOrDefault(instrument) - initialRequests;
            Assert.Equal(1, recoveries);
            Assert.DoesNotContain(replay.Output, record => ReferenceEquals(record, lost));
            var book = replay.Books[instrument];
            Assert.Equal(BookSyncState.Synced, book.State);
            AssertBookEquals(truths[instrument], book, ReplayBookOptions, $"{session} {instrument} after the lost update");
            Assert.All(replay.Books.Where(pair => !pair.Key.Equals(instrument) && truths.Has(pair.Key)), other => Assert.Equal(BookSyncState.Synced, other.Value.State));
        }

        Assert.True(tested > 0, $"no recorded session has {MinimumDeltasForFaults} updates of one instrument");
    }

    [Fact]
    public void A_stretch_of_book_updates_received_twice_is_stale_the_second_time_and_published_once()
    {
        if (RepeatedUpdatesNotTestableBecause is { } why)
        {
            Assert.Skip(why);
        }

        var tested = 0;
        foreach (var session in BookSessions())
        {
            if (BusiestInstrument(session) is not { } instrument)
            {
                continue;
            }

            tested++;
            var deltas = session.DeltasOf(instrument).Where(delta => !delta.IsSnapshot).ToList();
            var stretch = deltas.GetRange(deltas.Count / 2, 5);
            var replay = new Replay(VenueOf(session.Market).BookRules, ReplayBookOptions);
            var truths = new Truths();
            foreach (var bookEvent in session.Timeline)
            {
                truths.Observe(bookEvent);
                replay.Feed(bookEvent);
                if (ReferenceEquals(bookEvent.Delta, stretch[^1]))
                {
                    // A second connection overlapping the first delivers the same updates again.
                    var staleBefore = replay.Observer.SkipCount(UpdateSkipReason.Stale);
                    var outputBefore = replay.Output.Count;
                    foreach (var duplicate in stretch)
                    {
                        Assert.Equal(BookSyncAction.None, replay.Feed(BookEvent.Of(duplicate)));
                    }

                    Assert.Equal(staleBefore + stretch.Count, replay.Observer.SkipCount(UpdateSkipReason.Stale));
                    Assert.Equal(outputBefore, replay.Output.Count);
                }
            }

            Assert.Empty(replay.Observer.Resyncs);
            Assert.All(stretch, delta => Assert.Single(replay.Output, record => ReferenceEquals(record, delta)));
            AssertBookEquals(truths[instrument], replay.Books[instrument], ReplayBookOptions, $"{session} {instrument}");
        }

        Assert.True(tested > 0, $"no recorded session has {MinimumDeltasForFaults} updates of one instrument");
    }

    /// <summary>
    /// Why this venue's recorded book updates cannot show a repeat being recognized, when they cannot (updates with no
    /// id that orders them); the rule is then reported as skipped with this reason. Default: null, the rule runs.
    /// </summary>
    protected virtual string? RepeatedUpdatesNotTestableBecause => null;

    /// <summary>What the runtime does for a synchronizer that asked for a snapshot: hands it the truth as the venue would send it.</summary>
    private void Repair(Replay replay, ReferenceBook truth, BookDeltaRecord at, BookSyncAction action)
    {
        if (action == BookSyncAction.FetchSnapshot)
        {
            // The REST answer: the truth at the moment it was asked for.
            var snapshot = new DepthSnapshot(truth.LastUpdateId, truth.GetBids(), truth.GetAsks(), at.Timestamp, at.LocalTimestamp);
            Assert.Equal(BookSyncAction.None, replay.Feed(new BookEvent(at.Instrument, null, snapshot)));
        }
        else
        {
            // What resubscribing brings: the venue's snapshot of the book as it is now.
            Assert.Equal(BookSyncAction.Resubscribe, action);
            Assert.Equal(BookSyncAction.None, replay.Feed(BookEvent.Of(InBandSnapshotOf(at, truth.GetBids(), truth.GetAsks()))));
        }
    }

    /// <summary>The instrument with the most updates after its first snapshot, when it has enough for the fault rules.</summary>
    private static Instrument? BusiestInstrument(BookSession session)
    {
        var counts = new Dictionary<Instrument, int>();
        var snapshotted = new HashSet<Instrument>();
        foreach (var bookEvent in session.Timeline)
        {
            if (bookEvent.Snapshot is not null || bookEvent.Delta!.IsSnapshot)
            {
                snapshotted.Add(bookEvent.Instrument);
            }
            else if (snapshotted.Contains(bookEvent.Instrument))
            {
                counts[bookEvent.Instrument] = counts.GetValueOrDefault(bookEvent.Instrument) + 1;
            }
        }

        return counts.Where(pair => pair.Value >= MinimumDeltasForFaults).OrderByDescending(pair => pair.Value).Select(pair => pair.Key).FirstOrDefault();
    }

    /// <summary>
    /// The book settings of the replays. Default: the collector's defaults, whose <see cref="BookOptions.MaxLevels"/>
    /// bound holds every level of the recorded snapshots. A venue whose in-band snapshots are deeper than that bound
    /// (Coinbase sends its whole book) replays as <c>books.max_levels: 0</c> keeps it: a bounded book drops the deep
    /// levels and cannot equal the rebuild once updates uncover them.
    /// </summary>
    protected virtual BookOptions ReplayBookOptions { get; } = new();

    private static void AssertBookEquals(ReferenceBook truth, BookSynchronizer book, BookOptions options, string what)
    {
        // The book keeps its best levels up to BookOptions.MaxLevels (0: all); the truth keeps every level.
        var kept = options.MaxLevels == 0 ? int.MaxValue : options.MaxLevels;
        Assert.True(truth.GetBids(kept).SequenceEqual(book.Book.GetBids(kept)), $"{what}: bids differ from the rebuild");
        Assert.True(truth.GetAsks(kept).SequenceEqual(book.Book.GetAsks(kept)), $"{what}: asks differ from the rebuild");
        Assert.Equal(truth.LastUpdateId, book.LastUpdateId);
    }

    /// <summary>
    /// Drives one <see cref="BookSynchronizer"/> per instrument the way the runtime does: events in arrival order, REST
    /// snapshots handed over when they arrive, the snapshot requests the synchronizers make counted.
    /// </summary>
    private sealed class Replay(IBookSequenceRules rules, BookOptions options)
    {
        public Dictionary<Instrument, BookSynchronizer> Books { get; } = [];

        public List<MarketRecord> Output { get; } = [];

        public RecordingBookSyncObserver Observer { get; } = new();

        public Dictionary<Instrument, int> SnapshotRequests { get; } = [];

        public BookSyncAction Feed(BookEvent bookEvent)
        {
            if (!Books.TryGetValue(bookEvent.Instrument, out var book))
            {
                book = new BookSynchronizer(bookEvent.Instrument, rules, options, Observer);
                Books.Add(bookEvent.Instrument, book);
            }

            var action = bookEvent.Delta is { } delta ? book.OnDelta(delta, Output) : book.OnSnapshot(bookEvent.Snapshot!, Output);
            if (action == BookSyncAction.FetchSnapshot)
            {
                SnapshotRequests[bookEvent.Instrument] = SnapshotRequests.GetValueOrDefault(bookEvent.Instrument) + 1;
            }

            return action;
        }
    }

    /// <summary>Per instrument, the last snapshot with every later update applied: what the book must be. Written apart from the synchronizer.</summary>
    private sealed class Truths
    {
        private readonly Dictionary<Instrument, ReferenceBook> _books = [];

        // Updates that arrived before the instrument's first snapshot: the ones newer than it still belong on top.
        private readonly Dictionary<Instrument, List<BookDeltaRecord>> _early = [];

        public IEnumerable<Instrument> Instruments => _books.Keys;

        public ReferenceBook this[Instrument instrument] => _books[instrument];

        public bool Has(Instrument instrument) => _books.ContainsKey(instrument);

        /// <summary>Takes in an event; true when it was an update applied on top of a snapshot.</summary>
        public bool Observe(BookEvent bookEvent)
        {
            if (bookEvent.Snapshot is { } snapshot)
            {
                Load(bookEvent.Instrument, snapshot.LastUpdateId, snapshot.Bids, snapshot.Asks);
                return false;
            }

            var delta = bookEvent.Delta!;
            if (delta.IsSnapshot)
            {
                Load(bookEvent.Instrument, delta.LastUpdateId, delta.Bids, delta.Asks);
                return false;
            }

            if (!_books.TryGetValue(bookEvent.Instrument, out var book))
            {
                (_early.TryGetValue(bookEvent.Instrument, out var early) ? early : _early[bookEvent.Instrument] = []).Add(delta);
                return false;
            }

            if (delta.LastUpdateId <= book.LastUpdateId)
            {
                return false;
            }

            book.Apply(delta.Bids, delta.Asks);
            book.LastUpdateId = delta.LastUpdateId;
            return true;
        }

        private void Load(Instrument instrument, long updateId, BookLevel[] bids, BookLevel[] asks)
        {
            var book = new ReferenceBook { LastUpdateId = updateId };
            book.Load(bids, asks);
            _books[instrument] = book;
            if (_early.Remove(instrument, out var early))
            {
                foreach (var delta in early.Where(delta => delta.LastUpdateId > book.LastUpdateId))
                {
                    book.Apply(delta.Bids, delta.Asks);
                    book.LastUpdateId = delta.LastUpdateId;
                }
            }
        }
    }
}
