using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Binance;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Binance;

/// <summary>The USD-M long/short ratio endpoints of the simulator, read back with the collector's Binance parser.</summary>
public sealed class BinanceLongShortRatioApiTests
{
    [Theory]
    [InlineData("topLongShortPositionRatio")]
    [InlineData("topLongShortAccountRatio")]
    [InlineData("globalLongShortAccountRatio")]
    public async Task Each_ratio_endpoint_answers_the_latest_periods_oldest_first_in_the_docs_shape(string endpoint)
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();

        var body = await http.GetByteArrayAsync($"/binance/futures/futures/data/{endpoint}?symbol=SUSHIUSDT&period=5m&limit=2", cancellation);

        var result = BinanceRestParser.ParseLongShortRatio(body, BinanceSymbols.CreateTable(MarketType.Perpetual, []), LongShortRatioKind.AllAccount, "5m", UtcTimestamp.FromUnixMilliseconds(1));
        Assert.True(result.IsSuccess);
        var ratios = result.Value;
        Assert.Equal(2, ratios.Count);
        Assert.Equal(TimeSpan.FromMinutes(5), ratios[1].Timestamp - ratios[0].Timestamp);
        Assert.All(ratios, ratio =>
        {
            Assert.Equal("SUSHI-USDT", ratio.SymbolName);
            Assert.Equal(1m, ratio.LongRatio + ratio.ShortRatio);
            Assert.Equal(decimal.Round(ratio.LongRatio!.Value / ratio.ShortRatio!.Value, 4), ratio.LongShortRatio);
        });
    }

    [Fact]
    public async Task An_unknown_symbol_is_binance_error_1121()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);

        using var response = await http.GetAsync("/binance/futures/futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m", Within());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":-1121,"msg":"Invalid symbol."}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
