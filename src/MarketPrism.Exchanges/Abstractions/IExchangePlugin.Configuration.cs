using MarketPrism.Core.Books;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// The configuration concern: the exchange's own <c>options:</c> map of an <c>exchanges[]</c> entry, and the rules
/// that tie the shared <c>books</c> settings to what the exchange accepts. The collector's validator calls these and
/// never names an exchange.
/// </summary>
public partial interface IExchangePlugin
{
    /// <summary>
    /// New options holding every default. Its public settable properties are the keys of the entry's
    /// <c>options:</c> map (their snake_case forms, <c>TradeStream</c> is <c>trade_stream</c>), bound and type-checked
    /// like every other config key; an exchange without options returns an object without properties.
    /// </summary>
    IVenueOptions CreateOptions();

    /// <summary>
    /// Rules that tie the shared <c>books</c> section to this exchange's enabled entries (for example a REST depth
    /// limit the exchange's endpoint accepts). Reports on <c>books.*</c> key paths.
    /// </summary>
    /// <param name="books">The bound <c>books</c> section, its own ranges already checked.</param>
    /// <param name="entries">This exchange's enabled entries; never empty.</param>
    void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report);

    /// <summary>
    /// The fewest levels per side a bounded local book (<c>books.max_levels</c>) must keep for this exchange's
    /// entries, with the reason to print; null when the exchange needs no more than the snapshots it is given.
    /// </summary>
    /// <param name="entries">This exchange's enabled entries; never empty.</param>
    BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries);
}
