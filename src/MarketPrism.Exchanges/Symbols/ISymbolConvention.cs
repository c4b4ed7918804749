using System.Diagnostics.CodeAnalysis;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Symbols;

/// <summary>
/// How one exchange spells instruments. Normalized symbols are <c>BASE-QUOTE</c> (<c>BTC-USDT</c>) and the instrument
/// kind is the market type, so <c>BTC-USDT</c> spot is Binance <c>BTCUSDT</c>, OKX <c>BTC-USDT</c> and Bybit
/// <c>BTCUSDT</c>, while <c>BTC-USDT</c> perpetual is Binance <c>BTCUSDT</c> (USD-M), OKX <c>BTC-USDT-SWAP</c>, Bybit
/// <c>BTCUSDT</c> (linear). Whether a contract is linear or inverse is on the instrument (<see cref="ContractKind"/>).
/// </summary>
public interface ISymbolConvention
{
    /// <summary>Lower-case exchange name.</summary>
    string Exchange { get; }

    /// <summary>The instrument for a configured symbol of <paramref name="market"/> (normalized, or the exchange's own spelling).</summary>
    bool TryCreateInstrument(string symbol, MarketType market, [NotNullWhen(true)] out Instrument? instrument, [NotNullWhen(false)] out string? error);

    /// <summary>The instrument an exchange symbol seen in a frame stands for, or null when it cannot be normalized.</summary>
    Instrument? Resolve(string exchangeSymbol, MarketType market);
}
