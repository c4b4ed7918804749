using MarketPrism.Core.Books;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>Bybit's options (<see cref="BybitOptions"/>) and what its book topic needs from <c>books</c>.</summary>
public sealed partial class BybitPlugin
{
    public IVenueOptions CreateOptions() => new BybitOptions();

    /// <summary>Bybit books come from its own stream; the REST snapshot limit does not apply to them.</summary>
    public void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report)
    {
    }

    /// <summary>
    /// A bounded book must hold every level the topic sends: the deepest <c>book_depth</c> among the entries. A depth
    /// the entry's own rule rejects is not repeated here.
    /// </summary>
    public BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        BookLevelsNeed? deepest = null;
        foreach (var entry in entries)
        {
            if (entry.Options is BybitOptions options && BybitLimits.IsBookDepth(options.BookDepth) && options.BookDepth > (deepest?.Levels ?? 0))
            {
                deepest = new BookLevelsNeed(options.BookDepth, $"{entry.Path}.options.book_depth");
            }
        }

        return deepest;
    }
}
