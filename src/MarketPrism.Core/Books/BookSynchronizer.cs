using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Core.Books;

/// <summary>
/// Keeps one instrument's local order book correct: buffers updates while a snapshot is fetched, bridges the snapshot
/// to them with the venue's <see cref="IBookSequenceRules"/>, checks every later update for continuity, and asks for a
/// resynchronization when the book can no longer be trusted. It does no I/O: it tells its caller what to do
/// (<see cref="BookSyncAction"/>) and appends the records to publish to a list the caller passes in.
/// </summary>
/// <remarks>
/// <para>Records emitted: every applied update as the same <see cref="BookDeltaRecord"/> instance; a
/// <see cref="BookSnapshotRecord"/> of <see cref="BookOptions.SnapshotDepth"/> levels right after every
/// (re)synchronization (the book at the snapshot's id, before buffered updates are applied on top); and one after an
/// applied update whenever <see cref="BookOptions.SnapshotInterval"/> has passed on the exchange clock since the last
/// snapshot record. An update that leaves the book crossed or failing the venue checksum is not emitted: the book it
/// produced is known to be wrong, and the resynchronization's snapshot record supersedes it.</para>
/// <para>Where the snapshot comes from is the venue's <see cref="IBookSequenceRules.SnapshotSource"/>: REST (Binance), in
/// band (Bybit, Deribit), or in band with a REST fallback (OKX, see <see cref="BookSnapshotSource.InBandWithRestFallback"/>).
/// The synchronizer keeps no clock: for the fallback the runtime tells it, with <see cref="OnInBandSnapshotOverdue"/>,
/// that the in-band snapshot is late.</para>
/// <para>Not thread-safe: the runtime calls one instance from one task at a time (<see cref="AwaitsRestSnapshot"/> and
/// <see cref="NoteSnapshotRequestSent"/> excepted).</para>
/// </remarks>
public sealed class BookSynchronizer
{
    private readonly IBookSequenceRules _rules;
    private readonly IBookSyncObserver? _observer;
    private readonly int _snapshotDepth;
    private readonly TimeSpan _snapshotInterval;
    private readonly int _maxBufferedUpdates;
    private readonly bool _verifyChecksum;

    // Updates received while a REST snapshot is on its way, oldest first. Held in arrival order, duplicates included:
    // the rules, not the buffer, decide what is stale.
    private readonly Queue<BookDeltaRecord> _buffer = new();

    // When the REST snapshot request went out (UTC ticks, local clock), 0 while it waits for its turn. Written by the
    // fetching task (NoteSnapshotRequestSent), hence read and written with Volatile.
    private long _snapshotRequestSentTicks;

    // False from loading a snapshot until the first update after it is applied: that one must Bridge, later ones Continue.
    private bool _bridged;

    // A REST snapshot was asked for (FetchSnapshot) and is awaited: only then is one accepted by OnSnapshot. Read by the
    // fetching task (AwaitsRestSnapshot) to stop retrying a fetch nobody waits for any more.
    private volatile bool _restPending;

    // InBandWithRestFallback: the book was last loaded from a REST snapshot, so the venue is not sending in-band ones
    // and a broken book is repaired from REST rather than by resubscribing.
    private bool _seededFromRest;
    private DateTime _lastSnapshotRecordTime;

    public BookSynchronizer(Instrument instrument, IBookSequenceRules rules, BookOptions options, IBookSyncObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SnapshotDepth, 1, "options.SnapshotDepth");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBufferedUpdates, 1, "options.MaxBufferedUpdates");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SnapshotInterval, TimeSpan.Zero, "options.SnapshotInterval");
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLevels, "options.MaxLevels");
        Instrument = instrument;
        // A bound below the REST snapshot's depth would drop what the snapshot just gave: the deeper of the two holds.
        Book = new OrderBook(options.MaxLevels == 0 ? 0 : Math.Max(options.MaxLevels, options.RestSnapshotLimit));
        _rules = rules;
        _observer = observer;
        _snapshotDepth = options.SnapshotDepth;
        _snapshotInterval = options.SnapshotInterval;
        _maxBufferedUpdates = options.MaxBufferedUpdates;
        _verifyChecksum = options.VerifyChecksum;
    }

    public Instrument Instrument { get; }

    public BookSyncState State { get; private set; }

    /// <summary>The local book. Only meaningful while <see cref="State"/> is <see cref="BookSyncState.Synced"/>.</summary>
    public OrderBook Book { get; }

    /// <summary>The update id the book reflects (the snapshot's, then each applied update's); 0 while there is no book.</summary>
    public long LastUpdateId { get; private set; }

    /// <summary>Updates held while waiting for a snapshot that they will be bridged to.</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary>
    /// A REST snapshot was asked for (<see cref="BookSyncAction.FetchSnapshot"/>) and would be used now. False once
    /// the book is loaded (from it or from an in-band snapshot) or reset, so a fetch still retrying can stop. May be
    /// read from another task.
    /// </summary>
    public bool AwaitsRestSnapshot => _restPending;

    /// <summary>
    /// How far back (receive time) buffered updates reach before the snapshot request they wait for is sent.
    /// <para>
    /// Why: REST budgets make books queue for their snapshots (500 Binance books at weight 20 take about 4 minutes),
    /// and a book that buffered every update from its subscription on held minutes of them: 80 MB across 500 books
    /// at the recorded pace. The snapshot reflects the book when it is served, after the request is sent, so updates
    /// received well before that are older than it and would be skipped as stale anyway. The window is a generous
    /// allowance for a venue that serves snapshots from a lagging cache; a snapshot older than the first kept update
    /// is detected (<see cref="IBookSequenceRules.IsSnapshotTooOld"/>) and fetched again, as before.
    /// </para>
    /// </summary>
    public static TimeSpan UnsentRequestWindow { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Tells the book that its snapshot request is being sent now (<paramref name="localTime"/>, the clock of the
    /// updates' <see cref="MarketRecord.LocalTimestamp"/>): updates received from <see cref="UnsentRequestWindow"/>
    /// before it on are all kept from now on. The one member that may be called from another task (the fetcher's).
    /// </summary>
    public void NoteSnapshotRequestSent(DateTime localTime) => Volatile.Write(ref _snapshotRequestSentTicks, localTime.Ticks);

    /// <summary>
    /// Handles one book update, in arrival order. An in-band snapshot (<see cref="BookDeltaRecord.IsSnapshot"/>)
    /// replaces the book whatever the state.
    /// </summary>
    /// <param name="output">Records to publish are appended here.</param>
    /// <exception cref="ArgumentException">The update belongs to another instrument (a routing bug).</exception>
    public BookSyncAction OnDelta(BookDeltaRecord delta, List<MarketRecord> output)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(output);
        if (!ReferenceEquals(delta.Instrument, Instrument) && !Instrument.Equals(delta.Instrument))
        {
            throw new ArgumentException($"Update for {delta.Instrument} passed to the book of {Instrument}.", nameof(delta));
        }

        if (delta.IsSnapshot)
        {
            return OnInBandSnapshot(delta, output);
        }

        switch (State)
        {
            case BookSyncState.Synced:
                return Advance(delta, output, out var reason, out var detail) != Progress.Broken
                    ? BookSyncAction.None
                    : StartOver(reason, detail, reason == ResyncReason.InvalidUpdate ? null : delta);

            case BookSyncState.AwaitingSnapshot when _rules.SnapshotSource != BookSnapshotSource.InBand:
                Buffer(delta);
                return BookSyncAction.None;

            case BookSyncState.Unsynced when _rules.SnapshotSource == BookSnapshotSource.Rest:
                // The stream is open and buffering: now a snapshot can be fetched that these updates will bridge to.
                AwaitRestSnapshot();
                Buffer(delta);
                return BookSyncAction.FetchSnapshot;

            case BookSyncState.Unsynced when _rules.SnapshotSource == BookSnapshotSource.InBandWithRestFallback:
                // The in-band snapshot normally comes first; if it does not, a REST snapshot (asked for by
                // OnInBandSnapshotOverdue) is bridged to these. An in-band snapshot discards them.
                AwaitInBandSnapshot();
                Buffer(delta);
                return BookSyncAction.None;

            default:
                // In-band venues send the snapshot first on every subscription; updates before it have nothing to
                // apply to, and the snapshot will cover them.
                _observer?.OnUpdateSkipped(Instrument, UpdateSkipReason.AwaitingSnapshot);
                return BookSyncAction.None;
        }
    }

    /// <summary>
    /// For <see cref="BookSnapshotSource.InBandWithRestFallback"/> venues: the runtime's timer says that no in-band
    /// snapshot came within <see cref="BookOptions.InBandSnapshotTimeout"/> of (re)subscribing. A book that is still
    /// without one asks for a REST snapshot (once: a fetch already awaited is not asked for again); a synced book, or
    /// another venue's, does nothing.
    /// </summary>
    /// <param name="waited">How long the runtime waited, for the log line.</param>
    public BookSyncAction OnInBandSnapshotOverdue(TimeSpan waited)
    {
        if (_rules.SnapshotSource != BookSnapshotSource.InBandWithRestFallback || State == BookSyncState.Synced || _restPending)
        {
            return BookSyncAction.None;
        }

        AwaitRestSnapshot();
        _observer?.OnSnapshotFallback(
            Instrument,
            $"no in-band snapshot {waited.TotalSeconds:0.###} s after subscribing; fetching one over REST and bridging {_buffer.Count} buffered updates to it");
        return BookSyncAction.FetchSnapshot;
    }

    /// <summary>
    /// The book's stream moved to another connection that overlapped the previous one (a make-before-break
    /// hand-over): its first updates may repeat ones already applied. For
    /// <see cref="BookSnapshotSource.InBandWithRestFallback"/> venues, whose new subscription need not start with a
    /// snapshot, the next update is judged like the first after a snapshot (<see cref="IBookSequenceRules.Bridge"/>:
    /// repeats are stale, a hole is a gap) instead of having to continue the last one exactly.
    /// </summary>
    public void OnStreamHandedOver()
    {
        if (_rules.SnapshotSource == BookSnapshotSource.InBandWithRestFallback && State == BookSyncState.Synced)
        {
            _bridged = false;
        }
    }

    /// <summary>
    /// Hands over the REST snapshot requested with <see cref="BookSyncAction.FetchSnapshot"/>. A snapshot that arrives
    /// when none is awaited (late, duplicate, after a reset, or after an in-band snapshot made it unnecessary) is
    /// ignored.
    /// </summary>
    /// <param name="output">Records to publish are appended here.</param>
    /// <returns><see cref="BookSyncAction.FetchSnapshot"/> again when this one is too old or could not be bridged.</returns>
    public BookSyncAction OnSnapshot(DepthSnapshot snapshot, List<MarketRecord> output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        if (State != BookSyncState.AwaitingSnapshot || !_restPending)
        {
            return BookSyncAction.None;
        }

        if (_buffer.TryPeek(out var first) && _rules.IsSnapshotTooOld(snapshot, first))
        {
            // The next request is noted when it is sent; until then the buffer is trimmed as for any unsent request.
            Volatile.Write(ref _snapshotRequestSentTicks, 0);
            _observer?.OnResync(
                Instrument,
                ResyncReason.StaleSnapshot,
                $"snapshot at update {snapshot.LastUpdateId} is older than the first buffered update {first.FirstUpdateId}..{first.LastUpdateId}; fetching again");
            return BookSyncAction.FetchSnapshot;
        }

        if (!Book.TryLoad(snapshot.Bids, snapshot.Asks))
        {
            _observer?.OnResync(Instrument, ResyncReason.SnapshotFailed, $"snapshot at update {snapshot.LastUpdateId} has a negative size; fetching again");
            return BookSyncAction.FetchSnapshot;
        }

        _seededFromRest = true;
        return Synchronized(snapshot.LastUpdateId, snapshot.Timestamp, snapshot.LocalTimestamp, output);
    }

    /// <summary>
    /// Discards the book and every buffered update, e.g. when the connection was lost or the runtime dropped frames.
    /// After <see cref="ResyncReason.Disconnected"/> every book waits for the new connection (its subscription brings
    /// an in-band snapshot, or for REST venues its first update asks for one). Otherwise REST venues start over with
    /// the next update, in-band venues are asked to resubscribe, and in-band venues with a REST fallback are repaired
    /// the way they were last seeded (resubscribe, or fetch REST while the stream goes on).
    /// </summary>
    public BookSyncAction Reset(ResyncReason reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        Discard();
        _buffer.Clear();
        _restPending = false;
        _observer?.OnResync(Instrument, reason, detail);
        if (reason == ResyncReason.Disconnected || _rules.SnapshotSource == BookSnapshotSource.Rest)
        {
            State = BookSyncState.Unsynced;
            return BookSyncAction.None;
        }

        if (RepairsByResubscribing)
        {
            AwaitInBandSnapshot();
            return BookSyncAction.Resubscribe;
        }

        AwaitRestSnapshot();
        return BookSyncAction.FetchSnapshot;
    }

    /// <summary>In-band venues, and in-band venues with a REST fallback whose last book came in band, resubscribe to repair a book.</summary>
    private bool RepairsByResubscribing =>
        _rules.SnapshotSource == BookSnapshotSource.InBand
        || (_rules.SnapshotSource == BookSnapshotSource.InBandWithRestFallback && !_seededFromRest);

    private BookSyncAction OnInBandSnapshot(BookDeltaRecord snapshot, List<MarketRecord> output)
    {
        // The snapshot is the book at its place in the stream: everything buffered before it is older, and a REST
        // snapshot still on its way is no longer needed (OnSnapshot ignores it).
        _buffer.Clear();
        _restPending = false;
        _seededFromRest = false;
        if (!Book.TryLoad(snapshot.Bids, snapshot.Asks))
        {
            return StartOver(ResyncReason.SnapshotFailed, $"in-band snapshot at update {snapshot.LastUpdateId} has a negative size", restartFrom: null);
        }

        // A snapshot that carries a checksum is checked like an update: a wrong one must not be published.
        if (_verifyChecksum && !_rules.VerifyChecksum(Book, snapshot))
        {
            return StartOver(
                ResyncReason.ChecksumMismatch,
                $"checksum {snapshot.Checksum} does not match the in-band snapshot at update {snapshot.LastUpdateId}",
                restartFrom: null);
        }

        return Synchronized(snapshot.LastUpdateId, snapshot.Timestamp, snapshot.LocalTimestamp, output);
    }

    /// <summary>The book was just loaded from a snapshot: publish it, then replay what was buffered.</summary>
    private BookSyncAction Synchronized(long snapshotUpdateId, DateTime timestamp, DateTime localTimestamp, List<MarketRecord> output)
    {
        if (Book.IsCrossed)
        {
            // A snapshot that is wrong on arrival must not be published; the buffered updates stay for the next one.
            return StartOver(
                ResyncReason.Crossed,
                $"snapshot at update {snapshotUpdateId} is crossed: best bid {Book.BestBid.GetValueOrDefault().Price} >= best ask {Book.BestAsk.GetValueOrDefault().Price}",
                restartFrom: null);
        }

        State = BookSyncState.Synced;
        _restPending = false;
        LastUpdateId = snapshotUpdateId;
        _bridged = false;
        EmitSnapshot(snapshotUpdateId, snapshotUpdateId, timestamp, localTimestamp, output);

        var applied = 0;
        while (_buffer.TryPeek(out var next))
        {
            var progress = Advance(next, output, out var reason, out var detail);
            if (progress == Progress.Broken)
            {
                // The failing update and everything after it stay buffered: they start the next attempt. An update
                // that cannot be applied at all would only fail again, so it goes.
                if (reason == ResyncReason.InvalidUpdate)
                {
                    _buffer.Dequeue();
                }

                return StartOver(reason, detail, restartFrom: null);
            }

            _buffer.Dequeue();
            if (progress == Progress.Applied)
            {
                applied++;
            }
        }

        // The queue keeps the capacity it grew to while waiting: release it, a synced book buffers nothing.
        _buffer.TrimExcess();
        _observer?.OnSynced(Instrument, snapshotUpdateId, applied);
        return BookSyncAction.None;
    }

    /// <summary>Checks one update against the rules and applies it; <see cref="Progress.Broken"/> fills the reason.</summary>
    private Progress Advance(BookDeltaRecord delta, List<MarketRecord> output, out ResyncReason reason, out string detail)
    {
        var decision = _bridged ? _rules.Continue(delta, LastUpdateId) : _rules.Bridge(delta, LastUpdateId);
        switch (decision)
        {
            case SequenceDecision.Stale:
                _observer?.OnUpdateSkipped(Instrument, UpdateSkipReason.Stale);
                reason = default;
                detail = string.Empty;
                return Progress.Skipped;

            case SequenceDecision.Apply:
                break;

            case SequenceDecision.ApplyDespiteSkippedIds:
                _observer?.OnUpdateIdsSkipped(Instrument, LastUpdateId, delta);
                break;

            default:
                reason = ResyncReason.Gap;
                detail = DescribeGap(delta);
                return Progress.Broken;
        }

        if (!Book.TryApply(delta.Bids, delta.Asks))
        {
            reason = ResyncReason.InvalidUpdate;
            detail = $"update {delta.FirstUpdateId}..{delta.LastUpdateId} has a negative size";
            return Progress.Broken;
        }

        LastUpdateId = delta.LastUpdateId;
        _bridged = true;

        if (Book.IsCrossed)
        {
            reason = ResyncReason.Crossed;
            detail = $"best bid {Book.BestBid.GetValueOrDefault().Price} >= best ask {Book.BestAsk.GetValueOrDefault().Price} after update {delta.FirstUpdateId}..{delta.LastUpdateId}";
            return Progress.Broken;
        }

        if (_verifyChecksum && !_rules.VerifyChecksum(Book, delta))
        {
            reason = ResyncReason.ChecksumMismatch;
            detail = $"checksum {delta.Checksum} does not match the book after update {delta.FirstUpdateId}..{delta.LastUpdateId}";
            return Progress.Broken;
        }

        output.Add(delta);
        if (_rules.SnapshotAfterEveryUpdate || (_snapshotInterval > TimeSpan.Zero && delta.Timestamp - _lastSnapshotRecordTime >= _snapshotInterval))
        {
            EmitSnapshot(delta.FirstUpdateId, delta.LastUpdateId, delta.Timestamp, delta.LocalTimestamp, output);
        }

        reason = default;
        detail = string.Empty;
        return Progress.Applied;
    }

    /// <summary>
    /// The book is broken: discard it and ask for what repairs it. When the repair is a REST snapshot
    /// <paramref name="restartFrom"/> (a live update that revealed the problem) becomes the first buffered update, so
    /// the next snapshot is judged against it; during a replay the buffer already starts at the failing update.
    /// </summary>
    private BookSyncAction StartOver(ResyncReason reason, string detail, BookDeltaRecord? restartFrom)
    {
        Discard();
        if (RepairsByResubscribing)
        {
            // The fallback's buffering resumes with the next update; the resubscription's snapshot, or the REST
            // snapshot the runtime asks for when it does not come, starts the book again.
            AwaitInBandSnapshot();
            _buffer.Clear();
            _observer?.OnResync(Instrument, reason, detail);
            return BookSyncAction.Resubscribe;
        }

        AwaitRestSnapshot();
        _observer?.OnResync(Instrument, reason, detail);

        if (restartFrom is not null)
        {
            _buffer.Clear();
            _buffer.Enqueue(restartFrom);
        }

        return BookSyncAction.FetchSnapshot;
    }

    /// <summary>Waits for the stream's snapshot; no REST request is out (the buffer keeps the last <see cref="UnsentRequestWindow"/>).</summary>
    private void AwaitInBandSnapshot()
    {
        State = BookSyncState.AwaitingSnapshot;
        Volatile.Write(ref _snapshotRequestSentTicks, 0);
        _restPending = false;
    }

    private void AwaitRestSnapshot()
    {
        State = BookSyncState.AwaitingSnapshot;
        Volatile.Write(ref _snapshotRequestSentTicks, 0);
        _restPending = true;
    }

    private void Buffer(BookDeltaRecord delta)
    {
        if (_buffer.Count >= _maxBufferedUpdates)
        {
            // Keep the newest: a snapshot fetched now can bridge to them, while the oldest would make it look too old.
            _buffer.Dequeue();
            _observer?.OnUpdateSkipped(Instrument, UpdateSkipReason.BufferOverflow);
        }

        _buffer.Enqueue(delta);

        // Updates from well before the request is sent are older than the snapshot will be (see UnsentRequestWindow).
        // Not reported as skipped: they precede the sync point, so no book would ever publish them.
        var sent = Volatile.Read(ref _snapshotRequestSentTicks);
        var horizon = (sent != 0 ? sent : delta.LocalTimestamp.Ticks) - UnsentRequestWindow.Ticks;
        while (_buffer.Count > 1 && _buffer.Peek().LocalTimestamp.Ticks < horizon)
        {
            _buffer.Dequeue();
        }
    }

    private void Discard()
    {
        Book.Clear();
        LastUpdateId = 0;
        _bridged = false;
    }

    private void EmitSnapshot(long firstUpdateId, long lastUpdateId, DateTime timestamp, DateTime localTimestamp, List<MarketRecord> output)
    {
        output.Add(new BookSnapshotRecord
        {
            Instrument = Instrument,
            Timestamp = timestamp,
            LocalTimestamp = localTimestamp,
            Bids = Book.GetBids(_snapshotDepth),
            Asks = Book.GetAsks(_snapshotDepth),
            FirstUpdateId = firstUpdateId,
            LastUpdateId = lastUpdateId,
            Depth = _snapshotDepth,
        });
        _lastSnapshotRecordTime = timestamp;
    }

    private string DescribeGap(BookDeltaRecord delta)
    {
        var previous = delta.PreviousUpdateId is { } pu ? $" (previous id {pu})" : string.Empty;
        return _bridged
            ? $"expected the update after {LastUpdateId}, received {delta.FirstUpdateId}..{delta.LastUpdateId}{previous}"
            : $"snapshot at update {LastUpdateId} does not reach update {delta.FirstUpdateId}..{delta.LastUpdateId}{previous}";
    }

    private enum Progress
    {
        Applied,
        Skipped,
        Broken,
    }
}
