using MarketPrism.Core.Instruments;

namespace MarketPrism.Core.Model;

/// <summary>
/// The fields every normalized record carries. Exchange, market and symbol come from the shared
/// <see cref="Instrument"/>, so records hold no per-message strings for them.
/// </summary>
public abstract class MarketRecord
{
    public abstract DataType DataType { get; }

    public required Instrument Instrument { get; init; }

    /// <summary>Exchange event time, UTC. Where a venue sends none, the receive time (documented per venue).</summary>
    public required DateTime Timestamp { get; init; }

    /// <summary>Time the collector received the frame, UTC.</summary>
    public required DateTime LocalTimestamp { get; init; }

    public string ExchangeName => Instrument.Exchange;

    public MarketType MarketType => Instrument.MarketType;

    public string SymbolName => Instrument.Symbol;

    public string ExchangeSymbol => Instrument.ExchangeSymbol;
}
