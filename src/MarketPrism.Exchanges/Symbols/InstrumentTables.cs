using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Symbols;

/// <summary>What every venue's <c>CreateTable</c> does once it has checked the market: the configured instruments plus a resolver for the rest.</summary>
internal static class InstrumentTables
{
    /// <summary>
    /// An instrument table for one market of <paramref name="exchange"/>, holding <paramref name="configured"/> and
    /// resolving any other symbol seen in frames through <paramref name="resolve"/> (symbol, market); symbols are
    /// upper-cased unless <paramref name="caseSensitive"/> (see <see cref="InstrumentTable"/>).
    /// </summary>
    public static InstrumentTable Create(
        string exchange,
        MarketType market,
        Func<string, MarketType, Instrument?> resolve,
        IEnumerable<Instrument> configured,
        bool caseSensitive = false)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var table = new InstrumentTable(exchange, market, symbol => resolve(symbol, market), caseSensitive);
        foreach (var instrument in configured)
        {
            table.Add(instrument);
        }

        return table;
    }
}
