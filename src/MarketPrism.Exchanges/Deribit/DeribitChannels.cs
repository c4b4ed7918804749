using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// Deribit's public channel names (docs.deribit.com, "Subscriptions"). Unauthenticated connections may not use the
/// <c>raw</c> interval (Deribit answers error 13778 <c>raw_subscriptions_not_available_for_unauthorized</c>), so the
/// collector uses <c>100ms</c>: the same notifications, aggregated over 100 ms.
/// </summary>
public static class DeribitChannels
{
    /// <summary>The notification interval used for books, trades and tickers.</summary>
    public const string Interval = "100ms";

    public static string Book(string instrumentName) => $"book.{instrumentName}.{Interval}";

    public static string Trades(string instrumentName) => $"trades.{instrumentName}.{Interval}";

    public static string Ticker(string instrumentName) => $"ticker.{instrumentName}.{Interval}";

    public static string Quote(string instrumentName) => $"quote.{instrumentName}";

    public static string VolatilityIndex(string indexName) => $"deribit_volatility_index.{indexName}";

    /// <summary>
    /// The channel that carries <paramref name="dataType"/> for <paramref name="instrument"/>, or null when Deribit has
    /// none: trades carry trades and liquidations (a liquidation is a trade flagged <c>liquidation</c>); the book
    /// channel carries deltas and snapshots; the ticker carries funding (perpetuals only), open interest and mark
    /// price; an index instrument of the option market carries only its volatility index.
    /// </summary>
    public static string? ChannelName(Instrument instrument, DataType dataType)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = instrument.ExchangeSymbol;
        if (DeribitSymbols.IsIndex(instrument))
        {
            return dataType == DataType.VolatilityIndex ? VolatilityIndex(name) : null;
        }

        return dataType switch
        {
            DataType.Trade or DataType.Liquidation => Trades(name),
            DataType.BookDelta or DataType.BookSnapshot => Book(name),
            DataType.BestBidAsk => Quote(name),
            DataType.FundingRate when instrument.MarketType == MarketType.Perpetual => Ticker(name),
            DataType.OpenInterest or DataType.MarkPrice => Ticker(name),
            _ => null,
        };
    }

    /// <summary>Reads a channel name: its kind and the instrument (or index) part.</summary>
    internal static DeribitChannelKind Classify(ReadOnlySpan<byte> channel, out ReadOnlySpan<byte> instrument)
    {
        instrument = default;
        var dot = channel.IndexOf((byte)'.');
        if (dot <= 0)
        {
            return DeribitChannelKind.Other;
        }

        var kind = channel[..dot];
        var rest = channel[(dot + 1)..];
        var next = rest.IndexOf((byte)'.');
        instrument = next < 0 ? rest : rest[..next];
        var parts = channel.Count((byte)'.') + 1;
        if (instrument.IsEmpty)
        {
            return DeribitChannelKind.Other;
        }

        if (kind.SequenceEqual("book"u8))
        {
            return parts switch
            {
                3 => DeribitChannelKind.Book,
                5 => DeribitChannelKind.GroupedBook,
                _ => DeribitChannelKind.Other,
            };
        }

        if (kind.SequenceEqual("trades"u8))
        {
            return parts == 3 ? DeribitChannelKind.Trades : DeribitChannelKind.Other;
        }

        if (kind.SequenceEqual("ticker"u8))
        {
            return parts == 3 ? DeribitChannelKind.Ticker : DeribitChannelKind.Other;
        }

        if (kind.SequenceEqual("quote"u8))
        {
            return parts == 2 ? DeribitChannelKind.Quote : DeribitChannelKind.Other;
        }

        return kind.SequenceEqual("deribit_volatility_index"u8) && parts == 2
            ? DeribitChannelKind.VolatilityIndex
            : DeribitChannelKind.Other;
    }
}
