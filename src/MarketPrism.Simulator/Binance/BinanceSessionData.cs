namespace MarketPrism.Simulator.Binance;

/// <summary>A loaded Binance session: its timeline events in order and its symbols.</summary>
internal sealed class BinanceSessionData
{
    public required BinanceEvent[] Events { get; init; }

    /// <summary>Symbols by exchange name, in name order.</summary>
    public required SortedDictionary<string, BinanceSymbol> Symbols { get; init; }

    /// <summary>Length of one pass: the last event's offset plus <see cref="BinanceSessionLoader.PassGap"/>.</summary>
    public required TimeSpan LoopSpan { get; init; }
}
