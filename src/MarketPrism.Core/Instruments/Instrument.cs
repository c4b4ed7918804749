using MarketPrism.Core.Model;

namespace MarketPrism.Core.Instruments;

/// <summary>
/// One tradable market on one exchange. Records point at a shared instance instead of carrying their own copies of
/// the symbol strings, so parsing a frame allocates no strings for exchange, market or symbol.
/// </summary>
public sealed class Instrument : IEquatable<Instrument>
{
    public Instrument(
        string exchange,
        MarketType marketType,
        string baseAsset,
        string quoteAsset,
        string exchangeSymbol,
        ContractKind contract = ContractKind.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        ArgumentException.ThrowIfNullOrEmpty(baseAsset);
        ArgumentException.ThrowIfNullOrEmpty(quoteAsset);
        ArgumentException.ThrowIfNullOrEmpty(exchangeSymbol);
        Exchange = exchange;
        MarketType = marketType;
        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
        Symbol = string.Concat(baseAsset, "-", quoteAsset);
        ExchangeSymbol = exchangeSymbol;
        Contract = marketType == MarketType.Spot ? ContractKind.None : contract;
        InstrumentType = marketType switch
        {
            MarketType.Spot => Model.InstrumentType.Spot,
            MarketType.Perpetual => Model.InstrumentType.Swap,
            MarketType.Futures => Model.InstrumentType.Futures,
            _ => Model.InstrumentType.Option,
        };
    }

    /// <summary>Lower-case exchange name, e.g. <c>binance</c>.</summary>
    public string Exchange { get; }

    public MarketType MarketType { get; }

    /// <summary>Normalized <c>BASE-QUOTE</c>, e.g. <c>BTC-USDT</c>.</summary>
    public string Symbol { get; }

    /// <summary>The symbol as the exchange spells it, e.g. <c>BTCUSDT</c>.</summary>
    public string ExchangeSymbol { get; }

    public string BaseAsset { get; }

    public string QuoteAsset { get; }

    public ContractKind Contract { get; }

    /// <summary>The plan's product family of this market (<c>swap</c> for perpetuals).</summary>
    public InstrumentType InstrumentType { get; }

    public bool Equals(Instrument? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Exchange == other.Exchange && MarketType == other.MarketType && ExchangeSymbol == other.ExchangeSymbol));

    public override bool Equals(object? obj) => Equals(obj as Instrument);

    public override int GetHashCode() => HashCode.Combine(Exchange, MarketType, ExchangeSymbol);

    public override string ToString() => $"{Exchange}/{MarketType.ToWireName()}/{Symbol}";
}
