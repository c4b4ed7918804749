namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>The subscription types the collector uses; each carries one coin.</summary>
public enum HyperliquidChannel : byte
{
    /// <summary><c>trades</c>: fills, several per order sharing a <c>hash</c>.</summary>
    Trades,

    /// <summary><c>l2Book</c>: the whole book, 20 levels per side, on every push.</summary>
    L2Book,

    /// <summary><c>bbo</c>: the best bid and ask.</summary>
    Bbo,

    /// <summary><c>activeAssetCtx</c>: funding, open interest, mark and oracle prices of a perpetual.</summary>
    ActiveAssetCtx,
}
