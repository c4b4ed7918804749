namespace MarketPrism.Simulator.Okx;

/// <summary>
/// The simulator's names for OKX subscriptions: the argument written as <c>channel:instId</c> (or
/// <c>channel:instType</c> for <c>liquidation-orders</c>), and the channels it knows.
/// </summary>
internal static class OkxStreams
{
    /// <summary>Public channels subscribed by <c>instId</c> that the simulator accepts (some stay silent).</summary>
    public static readonly string[] ByInstrument =
        ["trades", "books", "bbo-tbt", "books5", "tickers", "funding-rate", "open-interest", "mark-price", "price-limit"];

    public const string LiquidationOrders = "liquidation-orders";

    public static string Name(string channel, string target) => string.Concat(channel, ":", target);
}
