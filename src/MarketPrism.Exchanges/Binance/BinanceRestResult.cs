using System.Diagnostics.CodeAnalysis;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// What a Binance REST body held: the parsed value, or the error Binance answered with. An error body is an expected
/// answer the caller acts on (back off, drop a symbol), so it is a value; a body that is neither is a protocol
/// violation and the parsers throw <see cref="FormatException"/> for it instead.
/// </summary>
public readonly struct BinanceRestResult<T>
    where T : class
{
    public BinanceRestResult(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        Error = null;
    }

    public BinanceRestResult(BinanceApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Value = null;
        Error = error;
    }

    /// <summary>The parsed value; null when Binance answered with an error.</summary>
    public T? Value { get; }

    /// <summary>The error Binance answered with; null on success.</summary>
    public BinanceApiError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public override string ToString() => IsSuccess ? $"ok: {Value}" : Error.ToString();
}
