using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Instruments for records read back from files, one shared instance per market as in the collector. The stored
/// columns do not say whether a derivative is linear or inverse, so read-back instruments have no contract kind.
/// </summary>
internal sealed class InstrumentCache
{
    private readonly Dictionary<(string Exchange, MarketType Market, string Symbol, string ExchangeSymbol), Instrument> _instruments = [];

    public Instrument Get(string exchange, MarketType market, string symbol, string exchangeSymbol)
    {
        var key = (exchange, market, symbol, exchangeSymbol);
        if (_instruments.TryGetValue(key, out var instrument))
        {
            return instrument;
        }

        var dash = symbol.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == symbol.Length - 1)
        {
            throw new FormatException($"symbol_name '{symbol}' is not BASE-QUOTE.");
        }

        instrument = new Instrument(exchange, market, symbol[..dash], symbol[(dash + 1)..], exchangeSymbol);
        _instruments[key] = instrument;
        return instrument;
    }
}
