namespace MarketPrism.Exchanges.Binance;

/// <summary>Maps stream names and event types (UTF-8, as they appear in frames) to <see cref="BinanceEventKind"/>.</summary>
internal static class BinanceEventKinds
{
    /// <summary>
    /// Splits a combined-stream name into the symbol part and the kind. <c>btcusdt@depth@100ms</c> gives
    /// (<c>btcusdt</c>, DepthUpdate); all-market streams such as <c>!markPrice@arr@1s</c> give an empty symbol.
    /// </summary>
    public static BinanceEventKind FromStream(ReadOnlySpan<byte> stream, out ReadOnlySpan<byte> symbol)
    {
        ReadOnlySpan<byte> kind;
        if (!stream.IsEmpty && stream[0] == (byte)'!')
        {
            symbol = default;
            var rest = stream[1..];
            var end = rest.IndexOf((byte)'@');
            kind = end < 0 ? rest : rest[..end];
        }
        else
        {
            var at = stream.IndexOf((byte)'@');
            if (at <= 0)
            {
                symbol = default;
                return BinanceEventKind.Unknown;
            }

            symbol = stream[..at];
            kind = stream[(at + 1)..];
        }

        return FromStreamKind(kind);
    }

    /// <summary>The kind for the part of a stream name after the symbol (<c>depth@100ms</c>, <c>kline_1m</c>, …).</summary>
    public static BinanceEventKind FromStreamKind(ReadOnlySpan<byte> kind)
    {
        if (Is(kind, "trade"u8))
        {
            return BinanceEventKind.Trade;
        }

        if (Is(kind, "aggTrade"u8))
        {
            return BinanceEventKind.AggTrade;
        }

        if (Is(kind, "depth"u8))
        {
            return BinanceEventKind.DepthUpdate;
        }

        if (Is(kind, "bookTicker"u8))
        {
            return BinanceEventKind.BookTicker;
        }

        if (Is(kind, "markPrice"u8))
        {
            return BinanceEventKind.MarkPrice;
        }

        if (Is(kind, "forceOrder"u8))
        {
            return BinanceEventKind.ForceOrder;
        }

        if (Is(kind, "depthSnapshot"u8))
        {
            return BinanceEventKind.DepthSnapshot;
        }

        if (Is(kind, "openInterest"u8))
        {
            return BinanceEventKind.OpenInterest;
        }

        // Partial book depth (depth5/10/20) pushes the top N levels as a whole: it is not a diff, and applying it as
        // one would corrupt the book, so it is known but not normalized.
        if (kind.StartsWith("depth"u8) && kind.Length > 5 && kind[5] is >= (byte)'0' and <= (byte)'9')
        {
            return BinanceEventKind.Ignored;
        }

        if (kind.StartsWith("kline_"u8)
            || kind.StartsWith("continuousKline_"u8)
            || kind.StartsWith("markPriceKline_"u8)
            || kind.StartsWith("indexPriceKline_"u8)
            || kind.StartsWith("ticker"u8)
            || Is(kind, "miniTicker"u8)
            || Is(kind, "indexPrice"u8)
            || Is(kind, "compositeIndex"u8)
            || Is(kind, "contractInfo"u8)
            || Is(kind, "assetIndex"u8)
            || Is(kind, "avgPrice"u8)
            || Is(kind, "rpiDepth"u8))
        {
            return BinanceEventKind.Ignored;
        }

        return BinanceEventKind.Unknown;
    }

    /// <summary>The kind for an event type (<c>e</c>); <see cref="BinanceEventKind.Unknown"/> for types we do not know.</summary>
    public static BinanceEventKind FromEventType(ReadOnlySpan<byte> eventType)
    {
        if (eventType.SequenceEqual("trade"u8))
        {
            return BinanceEventKind.Trade;
        }

        if (eventType.SequenceEqual("aggTrade"u8))
        {
            return BinanceEventKind.AggTrade;
        }

        if (eventType.SequenceEqual("depthUpdate"u8))
        {
            return BinanceEventKind.DepthUpdate;
        }

        if (eventType.SequenceEqual("bookTicker"u8))
        {
            return BinanceEventKind.BookTicker;
        }

        if (eventType.SequenceEqual("markPriceUpdate"u8))
        {
            return BinanceEventKind.MarkPrice;
        }

        if (eventType.SequenceEqual("forceOrder"u8))
        {
            return BinanceEventKind.ForceOrder;
        }

        if (eventType.SequenceEqual("serverShutdown"u8))
        {
            return BinanceEventKind.ServerShutdown;
        }

        if (eventType.SequenceEqual("kline"u8)
            || eventType.SequenceEqual("continuous_kline"u8)
            || eventType.SequenceEqual("markPrice_kline"u8)
            || eventType.SequenceEqual("indexPrice_kline"u8)
            || eventType.SequenceEqual("24hrTicker"u8)
            || eventType.SequenceEqual("24hrMiniTicker"u8)
            || eventType.SequenceEqual("1hTicker"u8)
            || eventType.SequenceEqual("4hTicker"u8)
            || eventType.SequenceEqual("1dTicker"u8)
            || eventType.SequenceEqual("indexPriceUpdate"u8)
            || eventType.SequenceEqual("compositeIndex"u8)
            || eventType.SequenceEqual("contractInfo"u8)
            || eventType.SequenceEqual("assetIndexUpdate"u8)
            || eventType.SequenceEqual("avgPrice"u8))
        {
            return BinanceEventKind.Ignored;
        }

        return BinanceEventKind.Unknown;
    }

    /// <summary>The event type a payload of <paramref name="kind"/> must carry when it has an <c>e</c> field.</summary>
    public static ReadOnlySpan<byte> ExpectedEventType(BinanceEventKind kind) => kind switch
    {
        BinanceEventKind.Trade => "trade"u8,
        BinanceEventKind.AggTrade => "aggTrade"u8,
        BinanceEventKind.DepthUpdate => "depthUpdate"u8,
        BinanceEventKind.BookTicker => "bookTicker"u8,
        BinanceEventKind.MarkPrice => "markPriceUpdate"u8,
        BinanceEventKind.ForceOrder => "forceOrder"u8,
        _ => default,
    };

    /// <summary>The name used in error messages.</summary>
    public static string Describe(BinanceEventKind kind) => kind switch
    {
        BinanceEventKind.Trade => "trade",
        BinanceEventKind.AggTrade => "aggTrade",
        BinanceEventKind.DepthUpdate => "depthUpdate",
        BinanceEventKind.BookTicker => "bookTicker",
        BinanceEventKind.MarkPrice => "markPriceUpdate",
        BinanceEventKind.ForceOrder => "forceOrder",
        BinanceEventKind.DepthSnapshot => "depthSnapshot",
        BinanceEventKind.OpenInterest => "openInterest",
        BinanceEventKind.ServerShutdown => "serverShutdown",
        BinanceEventKind.Ignored => "ignored stream",
        _ => "unknown event",
    };

    /// <summary><paramref name="kind"/> is <paramref name="name"/>, alone or followed by an <c>@</c> option (<c>depth@100ms</c>).</summary>
    private static bool Is(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> name) =>
        kind.StartsWith(name) && (kind.Length == name.Length || kind[name.Length] == (byte)'@');
}
