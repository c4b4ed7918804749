using MarketPrism.Core.Books;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Okx;

/// <summary>OKX's options (none, <see cref="OkxOptions"/>) and what its book checksum needs from <c>books</c>.</summary>
public sealed partial class OkxPlugin
{
    public IVenueOptions CreateOptions() => new OkxOptions();

    /// <summary>OKX books arrive in the stream; the REST snapshot limit only sizes a fallback fetch, which OKX caps itself.</summary>
    public void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report)
    {
    }

    /// <summary>
    /// The checksum (<see cref="OkxChecksum"/>) covers the top 25 levels of each side: a book bounded below that
    /// fails every check and resynchronizes forever. Without checksum verification any bound works.
    /// </summary>
    public BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(books);
        return books.VerifyChecksum ? new BookLevelsNeed(OkxChecksum.Depth, $"OKX's checksum covers the top {OkxChecksum.Depth} levels") : null;
    }
}
