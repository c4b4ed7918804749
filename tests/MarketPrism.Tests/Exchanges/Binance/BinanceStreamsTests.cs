using System.Text;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceStreamsTests
{
    private static readonly Instrument Spot = BinanceSymbols.Resolve("BTCUSDT", MarketType.Spot)!;
    private static readonly Instrument Perpetual = BinanceSymbols.Resolve("BTCUSDT", MarketType.Perpetual)!;
    private static readonly Instrument Dated = BinanceSymbols.Resolve("BTCUSDT_250926", MarketType.Perpetual)!;
    private static readonly Instrument CoinPerpetual = BinanceSymbols.Resolve("BTCUSD_PERP", MarketType.Perpetual)!;

    [Theory]
    [InlineData(DataType.Trade, "btcusdt@trade")]
    [InlineData(DataType.BookDelta, "btcusdt@depth@100ms")]
    [InlineData(DataType.BookSnapshot, "btcusdt@depth@100ms")]
    [InlineData(DataType.BestBidAsk, "btcusdt@bookTicker")]
    [InlineData(DataType.FundingRate, "btcusdt@markPrice@1s")]
    [InlineData(DataType.MarkPrice, "btcusdt@markPrice@1s")]
    [InlineData(DataType.Liquidation, "btcusdt@forceOrder")]
    [InlineData(DataType.OpenInterest, null)]
    public void Perpetual_data_types_map_to_their_streams(DataType dataType, string? stream)
    {
        Assert.Equal(stream, BinanceStreams.StreamName(Perpetual, dataType));
    }

    [Theory]
    [InlineData(DataType.Trade, "btcusdt@trade")]
    [InlineData(DataType.BookDelta, "btcusdt@depth@100ms")]
    [InlineData(DataType.BestBidAsk, "btcusdt@bookTicker")]
    [InlineData(DataType.FundingRate, null)]
    [InlineData(DataType.MarkPrice, null)]
    [InlineData(DataType.Liquidation, null)]
    [InlineData(DataType.OpenInterest, null)]
    public void Spot_has_no_derivative_streams(DataType dataType, string? stream)
    {
        Assert.Equal(stream, BinanceStreams.StreamName(Spot, dataType));
    }

    [Fact]
    public void Dated_contracts_have_mark_price_but_no_funding()
    {
        Assert.Null(BinanceStreams.StreamName(Dated, DataType.FundingRate));
        Assert.Equal("btcusdt_250926@markPrice@1s", BinanceStreams.StreamName(Dated, DataType.MarkPrice));
    }

    [Fact]
    public void Aggregated_trades_use_the_agg_trade_stream()
    {
        Assert.Equal("btcusdt@aggTrade", BinanceStreams.StreamName(Spot, DataType.Trade, BinanceTradeFeed.AggTrade));
    }

    [Fact]
    public void Coin_margined_stream_names_use_the_lower_case_contract_symbol()
    {
        Assert.Equal("btcusd_perp@depth@100ms", BinanceStreams.StreamName(CoinPerpetual, DataType.BookDelta));
    }

    [Fact]
    public void Stream_names_for_many_data_types_are_distinct_and_in_first_use_order()
    {
        var names = BinanceStreams.StreamNames(Perpetual, WireNames.AllDataTypes);

        Assert.Equal(["btcusdt@trade", "btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@markPrice@1s", "btcusdt@forceOrder"], names);
    }

    [Theory]
    [InlineData(null, BinanceTradeFeed.Trade)]
    [InlineData("", BinanceTradeFeed.Trade)]
    [InlineData("trade", BinanceTradeFeed.Trade)]
    [InlineData("agg_trade", BinanceTradeFeed.AggTrade)]
    public void Configured_trade_stream_names_select_the_feed(string? value, BinanceTradeFeed feed)
    {
        Assert.True(BinanceStreams.TryParseTradeFeed(value, out var parsed));
        Assert.Equal(feed, parsed);
    }

    [Theory]
    [InlineData("aggTrade")]
    [InlineData("TRADE")]
    [InlineData("trades")]
    public void Unknown_trade_stream_names_are_rejected(string value)
    {
        Assert.False(BinanceStreams.TryParseTradeFeed(value, out _));
    }

    [Fact]
    public void Every_stream_we_subscribe_is_one_the_parser_recognizes_for_its_data_type()
    {
        foreach (var instrument in (Instrument[])[Spot, Perpetual, Dated, CoinPerpetual])
        {
            foreach (var feed in (BinanceTradeFeed[])[BinanceTradeFeed.Trade, BinanceTradeFeed.AggTrade])
            {
                foreach (var dataType in WireNames.AllDataTypes)
                {
                    if (BinanceStreams.StreamName(instrument, dataType, feed) is not { } stream)
                    {
                        continue;
                    }

                    var kind = BinanceEventKinds.FromStream(Encoding.UTF8.GetBytes(stream), out var symbol);
                    var expected = dataType switch
                    {
                        DataType.Trade => feed == BinanceTradeFeed.Trade ? BinanceEventKind.Trade : BinanceEventKind.AggTrade,
                        DataType.BookDelta or DataType.BookSnapshot => BinanceEventKind.DepthUpdate,
                        DataType.BestBidAsk => BinanceEventKind.BookTicker,
                        DataType.FundingRate or DataType.MarkPrice => BinanceEventKind.MarkPrice,
                        _ => BinanceEventKind.ForceOrder,
                    };
                    Assert.Equal(expected, kind);
                    Assert.Equal(instrument.ExchangeSymbol.ToLowerInvariant(), Encoding.UTF8.GetString(symbol));
                }
            }
        }
    }
}
