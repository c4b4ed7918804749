using MarketPrism.Core.Model;

namespace MarketPrism.Sinks.FileStore;

/// <summary>Which part of a store <see cref="StoreReader"/> reads; every criterion left null matches everything.</summary>
public sealed record StoreFilter
{
    /// <summary>Everything in the store.</summary>
    public static StoreFilter All { get; } = new();

    /// <summary>Exchange name as in the directory, e.g. <c>binance</c>.</summary>
    public string? Exchange { get; init; }

    public MarketType? MarketType { get; init; }

    public DataType? DataType { get; init; }

    /// <summary>First partition date read (inclusive).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last partition date read (inclusive).</summary>
    public DateOnly? To { get; init; }
}
