using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// The Binance names of two shared decimal helpers, kept because the Binance tests pin their behaviour under these
/// names; every parser calls <see cref="JsonScalars"/> directly.
/// </summary>
internal static class BinanceJson
{
    /// <inheritdoc cref="JsonScalars.TryParseDecimal"/>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value) => JsonScalars.TryParseDecimal(text, out value);

    /// <inheritdoc cref="JsonScalars.IsBelowZero"/>
    public static bool IsBelowZero(decimal value) => JsonScalars.IsBelowZero(value);
}
