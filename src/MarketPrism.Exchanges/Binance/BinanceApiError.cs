namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The error body Binance answers with instead of data, e.g. <c>{"code":-1121,"msg":"Invalid symbol."}</c>. Codes are
/// listed under "Error Codes" in the Binance API documentation (-1003: too many requests, -1121: invalid symbol, …).
/// </summary>
/// <param name="Code">Binance's error code (negative).</param>
/// <param name="Message">Binance's message, as sent.</param>
public sealed record BinanceApiError(long Code, string Message)
{
    public override string ToString() => $"Binance error {Code}: {Message}";
}
