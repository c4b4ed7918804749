using MarketPrism.Core.Books;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>Deribit's options (none, <see cref="DeribitOptions"/>); its books ask nothing of <c>books</c>.</summary>
public sealed partial class DeribitPlugin
{
    public IVenueOptions CreateOptions() => new DeribitOptions();

    /// <summary>Deribit books arrive in the stream with their own snapshot; no <c>books</c> value is out of its reach.</summary>
    public void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report)
    {
    }

    /// <summary>Deribit has no checksum over a fixed depth: any bound works.</summary>
    public BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries) => null;
}
