namespace MarketPrism.Core.Books;

/// <summary>Where a <see cref="BookSynchronizer"/> stands.</summary>
public enum BookSyncState : byte
{
    /// <summary>No book: nothing received yet, or reset (e.g. the connection was lost).</summary>
    Unsynced,

    /// <summary>A snapshot was requested (REST fetch or resubscription); updates are buffered or discarded until it comes.</summary>
    AwaitingSnapshot,

    /// <summary>The book is loaded and every update is checked for continuity and applied.</summary>
    Synced,
}
