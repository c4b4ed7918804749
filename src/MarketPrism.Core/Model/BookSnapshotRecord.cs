namespace MarketPrism.Core.Model;

/// <summary>
/// The top <see cref="Depth"/> levels of a synchronized book (<c>book_snapshot</c>), emitted at the configured
/// interval and after every (re)synchronization.
/// </summary>
public sealed class BookSnapshotRecord : BookRecord
{
    public override DataType DataType => DataType.BookSnapshot;

    /// <summary>The number of levels per side requested; a side may hold fewer when the book is thinner.</summary>
    public required int Depth { get; init; }
}
