using System.Globalization;

namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// The trade ids the simulator gives its synthetic trades, from a running number per symbol: spot ids are digits like
/// Bybit's spot ids (<c>2290000000000000001</c>), contract ids are UUID-shaped like Bybit's
/// (<c>00000000-0000-5000-8000-000000000001</c>). <c>/sim/truth/trades</c> reports the running numbers.
/// </summary>
internal static class BybitTradeIds
{
    private const long SpotBase = 2_290_000_000_000_000_000;

    public static string Format(bool spot, long number) =>
        spot
            ? (SpotBase + number).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"00000000-0000-5000-8000-{number:D12}");
}
