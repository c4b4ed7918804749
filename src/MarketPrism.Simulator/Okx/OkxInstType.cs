namespace MarketPrism.Simulator.Okx;

/// <summary>OKX's instrument types, read from the instrument id's shape as OKX spells it.</summary>
internal enum OkxInstType
{
    Spot,
    Swap,
    Futures,
}

internal static class OkxInstTypes
{
    /// <summary><c>BTC-USDT</c> spot, <c>BTC-USDT-SWAP</c> swap, <c>BTC-USD-220527</c> futures; null for anything else.</summary>
    public static OkxInstType? Of(string instId)
    {
        var parts = instId.Split('-');
        return parts.Length switch
        {
            2 => OkxInstType.Spot,
            3 when parts[2] == "SWAP" => OkxInstType.Swap,
            3 when parts[2].Length == 6 && parts[2].All(char.IsAsciiDigit) => OkxInstType.Futures,
            _ => null,
        };
    }

    public static string Name(OkxInstType type) => type switch
    {
        OkxInstType.Spot => "SPOT",
        OkxInstType.Swap => "SWAP",
        _ => "FUTURES",
    };

    public static OkxInstType? Parse(string? name) => name switch
    {
        "SPOT" => OkxInstType.Spot,
        "SWAP" => OkxInstType.Swap,
        "FUTURES" => OkxInstType.Futures,
        _ => null,
    };
}
