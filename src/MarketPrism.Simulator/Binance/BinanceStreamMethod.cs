using System.Text.Json;

namespace MarketPrism.Simulator.Binance;

/// <summary>The methods of Binance's market-stream connections.</summary>
internal enum BinanceStreamMethod
{
    Subscribe,
    Unsubscribe,
    ListSubscriptions,
    SetProperty,
    GetProperty,
}

/// <summary>One element of a request's <c>params</c>.</summary>
internal readonly record struct RequestParam(JsonTokenType Kind, string? Text, bool Flag);
