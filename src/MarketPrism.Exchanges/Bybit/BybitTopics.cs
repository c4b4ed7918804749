using System.Buffers.Text;
using System.Globalization;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// Bybit v5 topic names (<c>publicTrade.BTCUSDT</c>, <c>orderbook.200.BTCUSDT</c>, <c>tickers.BTCUSDT</c>,
/// <c>allLiquidation.BTCUSDT</c>): which topic carries each data type, and reading a topic back from a frame.
/// </summary>
public static class BybitTopics
{
    /// <summary>The depth whose frames are the top of book (<c>best_bid_ask</c>), pushed every 10 ms.</summary>
    public const int TopOfBookDepth = 1;

    /// <summary>
    /// The book depth used when the config names none: 200 levels, every 100 ms (spot too since 2026-03-19, 200 ms before);
    /// deep enough for any <c>books.snapshot_depth</c> up to 200 without the traffic of the 1000-level topic.
    /// </summary>
    public const int DefaultBookDepth = 200;

    /// <summary>
    /// Book depths of the v5 <c>orderbook</c> topic other than the top of book, the same on spot, linear and inverse
    /// (docs "Orderbook": 1, 50, 200, 1000; linear's former 500 level is gone).
    /// </summary>
    public static IReadOnlyList<int> BookDepths { get; } = [50, 200, 1000];

    public static string PublicTrade(string exchangeSymbol) => "publicTrade." + exchangeSymbol;

    public static string OrderBook(int depth, string exchangeSymbol) =>
        string.Create(CultureInfo.InvariantCulture, $"orderbook.{depth}.{exchangeSymbol}");

    public static string Tickers(string exchangeSymbol) => "tickers." + exchangeSymbol;

    public static string AllLiquidation(string exchangeSymbol) => "allLiquidation." + exchangeSymbol;

    /// <summary>
    /// The topic carrying <paramref name="dataType"/> for <paramref name="instrument"/>, or null when Bybit has none
    /// there: spot has no funding, mark price, open interest or liquidations; dated contracts do not fund.
    /// </summary>
    /// <param name="bookDepth">Depth of the book topic for <c>book_delta</c>/<c>book_snapshot</c>; 0 means <see cref="DefaultBookDepth"/>.</param>
    public static string? TopicFor(Instrument instrument, DataType dataType, int bookDepth = 0)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var symbol = instrument.ExchangeSymbol;
        var derivative = instrument.MarketType is MarketType.Perpetual or MarketType.Futures;
        return dataType switch
        {
            DataType.Trade => PublicTrade(symbol),
            DataType.BookDelta or DataType.BookSnapshot => OrderBook(bookDepth == 0 ? DefaultBookDepth : bookDepth, symbol),
            DataType.BestBidAsk => OrderBook(TopOfBookDepth, symbol),
            DataType.FundingRate when instrument.MarketType == MarketType.Perpetual => Tickers(symbol),
            DataType.MarkPrice or DataType.OpenInterest when derivative => Tickers(symbol),
            DataType.Liquidation when derivative => AllLiquidation(symbol),
            _ => null,
        };
    }

    /// <summary>
    /// Reads a topic name from a frame: its kind, the book depth (<c>orderbook</c> only, else 0) and the symbol part.
    /// False when the name is not <c>kind.symbol</c> or <c>orderbook.depth.symbol</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> topic, out BybitTopicKind kind, out int depth, out ReadOnlySpan<byte> symbol)
    {
        kind = BybitTopicKind.Other;
        depth = 0;
        symbol = default;
        var dot = topic.IndexOf((byte)'.');
        if (dot <= 0 || dot == topic.Length - 1)
        {
            return false;
        }

        var name = topic[..dot];
        var rest = topic[(dot + 1)..];
        if (name.SequenceEqual("orderbook"u8))
        {
            var second = rest.IndexOf((byte)'.');
            if (second <= 0 || second == rest.Length - 1
                || !Utf8Parser.TryParse(rest[..second], out depth, out var consumed) || consumed != second || depth <= 0)
            {
                depth = 0;
                return false;
            }

            kind = BybitTopicKind.OrderBook;
            symbol = rest[(second + 1)..];
            return true;
        }

        if (name.SequenceEqual("publicTrade"u8))
        {
            kind = BybitTopicKind.PublicTrade;
        }
        else if (name.SequenceEqual("tickers"u8))
        {
            kind = BybitTopicKind.Tickers;
        }
        else if (name.SequenceEqual("allLiquidation"u8))
        {
            kind = BybitTopicKind.AllLiquidation;
        }
        else if (name.SequenceEqual("liquidation"u8))
        {
            kind = BybitTopicKind.Liquidation;
        }

        symbol = rest;
        return true;
    }
}
