using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>Coinbase's options (<see cref="CoinbaseOptions"/>); its books ask nothing of <c>books</c>.</summary>
public sealed partial class CoinbasePlugin
{
    public IVenueOptions CreateOptions() => new CoinbaseOptions();

    /// <summary>
    /// Coinbase books arrive in the stream with their own full snapshot; no <c>books</c> value is out of their reach.
    /// The one rule that spans an entry's options and markets is checked here: CDE futures are listed on Advanced Trade
    /// only, so a futures entry cannot ask for the Exchange feed.
    /// </summary>
    public void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var entry in entries)
        {
            if (entry.Options is CoinbaseOptions { Api: CoinbaseOptions.ExchangeApi } && entry.Markets.Contains(MarketType.Futures))
            {
                report.Error($"{entry.Path}.options.api", "Coinbase futures are listed on Advanced Trade only; use advanced_trade (or leave api unset) for a futures entry");
            }
        }
    }

    /// <summary>Coinbase has no checksum over a fixed depth: any bound works.</summary>
    public BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries) => null;
}
