namespace MarketPrism.Core.Books;

/// <summary>How local order books are kept and published (config section <c>books</c>).</summary>
public sealed class BookOptions
{
    /// <summary>Levels per side in each emitted <c>book_snapshot</c>. Default: 20.</summary>
    public int SnapshotDepth { get; set; } = 20;

    /// <summary>
    /// Minimum time between two interval snapshots of one book, measured on exchange time; zero emits snapshots only
    /// after a (re)synchronization. Default: 1s.
    /// </summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Levels requested from a REST snapshot endpoint when (re)synchronizing. Default: 1000.</summary>
    public int RestSnapshotLimit { get; set; } = 1000;

    /// <summary>
    /// Levels kept per side of each local book, the best ones; 0 keeps every level. Levels beyond a snapshot's depth
    /// are only known from updates and never corrected by a snapshot, and a book that keeps every level it ever saw
    /// grows for as long as the collector runs. A <see cref="RestSnapshotLimit"/> above it raises the bound to that
    /// depth. Default: 1000 (the REST snapshot's depth).
    /// </summary>
    public int MaxLevels { get; set; } = 1000;

    /// <summary>
    /// Updates held while waiting for a snapshot; beyond this the oldest are dropped and the book resynchronizes.
    /// Default: 10000.
    /// </summary>
    public int MaxBufferedUpdates { get; set; } = 10_000;

    /// <summary>
    /// How long a book whose venue normally sends its snapshot in the stream (OKX) waits for it after subscribing
    /// before it fetches one over REST instead and bridges it to the updates buffered meanwhile. The snapshot usually
    /// follows the subscription's acknowledgement within milliseconds; the wait only matters when the venue stops
    /// sending it (OKX announced it would). Default: 5s.
    /// </summary>
    public TimeSpan InBandSnapshotTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Check the venue's book checksum (OKX) after every update and in-band snapshot that carries one; a mismatch
    /// resynchronizes the book. Turning it off leaves continuity checks only. Default: true.
    /// </summary>
    public bool VerifyChecksum { get; set; } = true;
}
