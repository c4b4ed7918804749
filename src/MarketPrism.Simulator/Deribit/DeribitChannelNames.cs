namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// The channel names the simulator serves. Deribit offers <c>raw</c> only to authenticated sessions and the
/// simulator has no authentication, so books, trades and tickers are served at <c>100ms</c>; recorded <c>raw</c>
/// notifications are replayed under that name (the same shape: <c>100ms</c> only batches them).
/// </summary>
internal static class DeribitChannelNames
{
    public const string Interval = "100ms";

    public static string Book(string instrument) => $"book.{instrument}.{Interval}";

    public static string Trades(string instrument) => $"trades.{instrument}.{Interval}";

    public static string Ticker(string instrument) => $"ticker.{instrument}.{Interval}";

    public static string Quote(string instrument) => $"quote.{instrument}";

    public static string VolatilityIndex(string index) => $"deribit_volatility_index.{index}";
}
