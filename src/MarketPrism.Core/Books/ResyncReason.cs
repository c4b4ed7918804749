namespace MarketPrism.Core.Books;

/// <summary>
/// Why a book was discarded or a synchronization attempt had to start over. The lower-case wire names
/// (<see cref="BookSyncWireNames"/>) are stable metric labels.
/// </summary>
public enum ResyncReason : byte
{
    /// <summary>An update did not continue the previous one (<c>gap</c>).</summary>
    Gap,

    /// <summary>After an update the best bid was at or above the best ask (<c>crossed</c>).</summary>
    Crossed,

    /// <summary>The REST snapshot predates the first buffered update, so it cannot be bridged (<c>stale_snapshot</c>).</summary>
    StaleSnapshot,

    /// <summary>Updates were lost before reaching the synchronizer, e.g. a full queue dropped frames (<c>buffer_overflow</c>).</summary>
    BufferOverflow,

    /// <summary>The venue's checksum disagrees with the local book (<c>checksum_mismatch</c>).</summary>
    ChecksumMismatch,

    /// <summary>The connection carrying the updates was lost (<c>disconnected</c>).</summary>
    Disconnected,

    /// <summary>The snapshot could not be fetched or was unusable (<c>snapshot_failed</c>).</summary>
    SnapshotFailed,

    /// <summary>The venue or the collector restarted the stream (<c>restart</c>).</summary>
    Restart,

    /// <summary>An update could not be applied, e.g. a negative size (<c>invalid_update</c>).</summary>
    InvalidUpdate,
}
