using MarketPrism.Core.Books;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>Hyperliquid has no options of its own; its books are the 20 levels per side every <c>l2Book</c> push holds.</summary>
public sealed partial class HyperliquidPlugin
{
    public IVenueOptions CreateOptions() => new HyperliquidOptions();

    /// <summary>Books come whole from the stream; no REST snapshot limit applies.</summary>
    public void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report)
    {
    }

    /// <summary>A bounded book must hold every level a push carries, or the derived deltas would not reproduce the pushes.</summary>
    public BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries) =>
        new(HyperliquidLimits.BookLevels, $"Hyperliquid's l2Book pushes {HyperliquidLimits.BookLevels} levels per side");
}
