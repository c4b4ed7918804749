namespace MarketPrism.Core.Books;

/// <summary>What a venue's continuity rules say about one book update.</summary>
public enum SequenceDecision : byte
{
    /// <summary>The book already covers this update (older than, or a duplicate of, what was applied): skip it.</summary>
    Stale,

    /// <summary>The update continues the book: apply it.</summary>
    Apply,

    /// <summary>Updates are missing between the book and this one: the book must be resynchronized.</summary>
    Gap,

    /// <summary>
    /// Ids were skipped between the book and this update, but the venue does not promise contiguous ids on this stream
    /// (it may merge updates, as Bybit's <c>orderbook.{depth}</c> topics do): apply it and report the skip
    /// (<see cref="IBookSyncObserver.OnUpdateIdsSkipped"/>). A book this leaves crossed is still resynchronized.
    /// </summary>
    ApplyDespiteSkippedIds,
}
