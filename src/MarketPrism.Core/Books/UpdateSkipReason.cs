namespace MarketPrism.Core.Books;

/// <summary>
/// Why a received book update was not applied. Skips are normal in small numbers; the lower-case wire names
/// (<see cref="BookSyncWireNames"/>) are stable metric labels.
/// </summary>
public enum UpdateSkipReason : byte
{
    /// <summary>The book already covers it, e.g. a duplicate while two connections overlap (<c>stale</c>).</summary>
    Stale,

    /// <summary>An in-band venue's update arrived before the snapshot it would apply to (<c>awaiting_snapshot</c>).</summary>
    AwaitingSnapshot,

    /// <summary>The oldest buffered update was dropped because the buffer was full (<c>buffer_overflow</c>).</summary>
    BufferOverflow,
}
