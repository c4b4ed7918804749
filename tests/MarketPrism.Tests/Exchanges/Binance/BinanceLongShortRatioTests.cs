using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>
/// The USD-M long/short ratio polls. No response is recorded; the bodies are the examples of Binance's USD-M docs
/// (Market Data: Top Trader Long/Short Ratio (Positions), Top Trader Long/Short Ratio (Accounts), Long/Short Ratio).
/// </summary>
public sealed class BinanceLongShortRatioTests
{
    private static readonly DateTime Local = UtcTimestamp.FromUnixMilliseconds(1_583_140_000_000);

    private static readonly IExchangeVenue Perpetual = VenueCatalog.Get("binance", MarketType.Perpetual);

    [Fact]
    public void The_top_position_ratio_docs_example_gives_one_record_per_period_with_the_shares()
    {
        var body = Encoding.UTF8.GetBytes("""[{"symbol":"BTCUSDT","longShortRatio":"1.4342","longAccount":"0.5891","shortAccount":"0.4108","timestamp":"1583139600000"},{"symbol":"BTCUSDT","longShortRatio":"1.4337","longAccount":"0.3583","shortAccount":"0.6417","timestamp":"1583139900000"}]""");

        var result = BinanceRestParser.ParseLongShortRatio(body, BinanceSymbols.CreateTable(MarketType.Perpetual, []), LongShortRatioKind.TopPosition, "5m", Local);

        Assert.True(result.IsSuccess);
        Assert.Equal(
            [(UtcTimestamp.FromUnixMilliseconds(1583139600000), 1.4342m, (decimal?)0.5891m, (decimal?)0.4108m), (UtcTimestamp.FromUnixMilliseconds(1583139900000), 1.4337m, 0.3583m, 0.6417m)],
            result.Value.Select(record => (record.Timestamp, record.LongShortRatio, record.LongRatio, record.ShortRatio)));
        Assert.All(result.Value, record => Assert.Equal(("BTC-USDT", LongShortRatioKind.TopPosition, "5m", MarketType.Perpetual), (record.SymbolName, record.Kind, record.Period, record.MarketType)));
    }

    [Fact]
    public void A_numeric_timestamp_and_a_binance_error_are_both_understood()
    {
        var table = BinanceSymbols.CreateTable(MarketType.Perpetual, []);
        var numeric = BinanceRestParser.ParseLongShortRatio("""[{"symbol":"BTCUSDT","longShortRatio":"0.1960","longAccount":"0.6622","shortAccount":"0.3378","timestamp":1583139600000}]"""u8, table, LongShortRatioKind.AllAccount, "5m", Local);
        var error = BinanceRestParser.ParseLongShortRatio("""{"code":-1121,"msg":"Invalid symbol."}"""u8, table, LongShortRatioKind.AllAccount, "5m", Local);

        Assert.Equal(0.1960m, Assert.Single(numeric.Value!).LongShortRatio);
        Assert.False(error.IsSuccess);
        Assert.Throws<FormatException>(() => BinanceRestParser.ParseLongShortRatio("""[{"symbol":"BTCUSDT","timestamp":1583139600000}]"""u8, table, LongShortRatioKind.AllAccount, "5m", Local));
    }

    [Fact]
    public void A_perpetual_polls_the_three_ratios_under_futures_data_and_hands_each_period_on_once()
    {
        var instrument = Perpetual.CreateInstrument("BTC-USDT");

        var polls = Perpetual.GetPolls(instrument, new HashSet<DataType> { DataType.LongShortRatio });
        var output = new List<MarketRecord>();
        var body = """[{"symbol":"BTCUSDT","longShortRatio":"1.8105","longAccount":"0.6442","shortAccount":"0.3558","timestamp":"1583139600000"}]"""u8.ToArray();
        polls[1].Parse(body, Local, null!, output);
        polls[1].Parse(body, Local, null!, output);

        Assert.Equal(
            [
                "/futures/data/topLongShortPositionRatio?symbol=BTCUSDT&period=5m&limit=1",
                "/futures/data/topLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=1",
                "/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=1",
            ],
            polls.Select(poll => poll.Request.PathAndQuery));
        Assert.All(polls, poll => Assert.Equal("long_short_ratio", poll.Job));
        Assert.Equal(LongShortRatioKind.TopAccount, Assert.IsType<LongShortRatioRecord>(Assert.Single(output)).Kind);
        Assert.Contains(DataType.LongShortRatio, Perpetual.SupportedDataTypes);
        Assert.DoesNotContain(DataType.LongShortRatio, VenueCatalog.Get("binance", MarketType.Spot).SupportedDataTypes);
    }
}
