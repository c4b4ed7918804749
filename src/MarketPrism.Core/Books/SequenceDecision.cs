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
}
