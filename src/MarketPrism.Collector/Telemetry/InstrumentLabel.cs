using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>
/// How logs, <c>/health</c> and <c>validate-config</c> name an instrument. The normalized symbol names a spot pair or
/// a perpetual on its market, but not an option or a dated future: Deribit's <c>BTC-24SEP21-8000-P</c> and
/// <c>BTC-30JUL21-24000-P</c> are both <c>BTC-USD</c> options. Those carry the exchange symbol too.
/// </summary>
internal static class InstrumentLabel
{
    /// <summary><c>BTC-USDT</c>, or <c>BTC-USD (BTC-24SEP21-8000-P)</c> for options and futures.</summary>
    public static string Of(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.MarketType is MarketType.Option or MarketType.Futures
            ? $"{instrument.Symbol} ({instrument.ExchangeSymbol})"
            : instrument.Symbol;
    }
}
