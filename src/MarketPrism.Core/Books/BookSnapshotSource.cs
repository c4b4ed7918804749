namespace MarketPrism.Core.Books;

/// <summary>Where a venue's full book comes from when a local book is (re)synchronized.</summary>
public enum BookSnapshotSource : byte
{
    /// <summary>
    /// A REST snapshot bridged to buffered stream updates (Binance): the synchronizer asks for
    /// <see cref="BookSyncAction.FetchSnapshot"/> and is handed the response through
    /// <see cref="BookSynchronizer.OnSnapshot"/>.
    /// </summary>
    Rest,

    /// <summary>
    /// The stream itself sends the full book as a frame (Bybit, Deribit): a
    /// <see cref="Model.BookDeltaRecord"/> with <see cref="Model.BookDeltaRecord.IsSnapshot"/> set. A broken book is
    /// repaired with <see cref="BookSyncAction.Resubscribe"/>.
    /// </summary>
    InBand,

    /// <summary>
    /// The stream sends the full book as a frame, as for <see cref="InBand"/>, but may stop doing so (OKX announced
    /// on 12 Feb 2026 that <c>books</c> will drop its initial snapshot and pointed clients to its REST book), so a
    /// book that gets no in-band snapshot is seeded from REST instead:
    /// <list type="bullet">
    /// <item>Updates received while no book is loaded are buffered (bounded, as for <see cref="Rest"/>).</item>
    /// <item>The runtime calls <see cref="BookSynchronizer.OnInBandSnapshotOverdue"/> when no snapshot came within
    /// <see cref="BookOptions.InBandSnapshotTimeout"/> of subscribing; the synchronizer then asks for
    /// <see cref="BookSyncAction.FetchSnapshot"/> and bridges the REST snapshot to the buffered updates with
    /// <see cref="IBookSequenceRules.Bridge"/>.</item>
    /// <item>An in-band snapshot always wins: it replaces the book and the buffer whenever it comes, and a REST answer
    /// still on its way is then ignored.</item>
    /// <item>A broken book is repaired the way it was last seeded: resubscribing (for a new in-band snapshot, with the
    /// same REST fallback) after an in-band seed, fetching REST again while the stream goes on after a REST seed
    /// (resubscribing would only bring updates, and spends the venue's per-connection subscription budget).</item>
    /// </list>
    /// The venue's <see cref="IBookSequenceRules.Bridge"/> must therefore accept both a snapshot taken in the stream
    /// and one taken over REST at an arbitrary point between two updates.
    /// </summary>
    InBandWithRestFallback,
}
