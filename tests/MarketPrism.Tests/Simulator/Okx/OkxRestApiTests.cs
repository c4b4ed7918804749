using System.Net;
using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Okx;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Okx;

/// <summary>The simulator's OKX REST endpoints, read back with the collector's OKX REST parser.</summary>
public sealed class OkxRestApiTests
{
    private static readonly DateTime Local = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_000);

    [Fact]
    public async Task Funding_and_open_interest_answer_in_the_v5_envelope_the_collector_reads()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();

        var funding = await http.GetByteArrayAsync("/okx/api/v5/public/funding-rate?instId=UNI-USD-SWAP", cancellation);
        var openInterest = await http.GetByteArrayAsync("/okx/api/v5/public/open-interest?instType=FUTURES&instId=BTC-USD-220527", cancellation);

        var rate = Assert.Single(new OkxRestParser(OkxSymbols.CreateTable(MarketType.Perpetual, [])).ParseFundingRate(funding, Local));
        Assert.Equal("UNI-USD", rate.SymbolName);
        Assert.InRange(rate.FundingRate, 0.0001m, 0.0075m);
        var oi = Assert.Single(new OkxRestParser(OkxSymbols.CreateTable(MarketType.Futures, [])).ParseOpenInterest(openInterest, null, Local));
        Assert.Equal("BTC-USD", oi.SymbolName);
        Assert.True(oi.OpenInterest > 0);
        Assert.NotNull(oi.OpenInterestValue);
    }

    [Fact]
    public async Task The_rubik_ratios_give_the_latest_complete_periods_newest_first()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();
        var instrument = OkxSymbols.Resolve("UNI-USD-SWAP", MarketType.Perpetual)!;

        var body = await http.GetByteArrayAsync("/okx/api/v5/rubik/stat/contracts/long-short-position-ratio-contract-top-trader?instId=UNI-USD-SWAP&period=5m&limit=3", cancellation);

        var ratios = OkxRestParser.ParseLongShortRatio(body, instrument, LongShortRatioKind.TopPosition, "5m", Local);
        Assert.Equal(3, ratios.Count);
        Assert.All(ratios.Zip(ratios.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(5), pair.First.Timestamp - pair.Second.Timestamp));
        Assert.All(ratios, ratio => Assert.InRange(ratio.LongShortRatio, 1.00m, 1.39m));
    }

    [Fact]
    public async Task Unknown_instruments_and_missing_parameters_get_okx_error_codes()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();

        var unknown = await http.GetStringAsync("/okx/api/v5/public/funding-rate?instId=ETH-USDT-SWAP", cancellation);
        var missing = await http.GetStringAsync("/okx/api/v5/rubik/stat/contracts/long-short-account-ratio-contract", cancellation);

        Assert.Equal("""{"code":"51001","data":[],"msg":"Instrument ID does not exist"}""", unknown);
        Assert.Equal("OKX error 50014: Parameter instId can not be empty.", OkxRestParser.DescribeError(Encoding.UTF8.GetBytes(missing)));
    }

    [Fact]
    public async Task The_rest_fault_answers_429_with_okx_code_50011_and_retry_after()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        using var http = Http(simulator);
        var cancellation = Within();
        simulator.FailRest(OkxVenue, 429, 1, null, TimeSpan.FromSeconds(2));

        using var refused = await http.GetAsync("/okx/api/v5/public/funding-rate?instId=UNI-USD-SWAP", cancellation);
        using var served = await http.GetAsync("/okx/api/v5/public/funding-rate?instId=UNI-USD-SWAP", cancellation);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("""{"code":"50011","data":[],"msg":"Too Many Requests"}""", await refused.Content.ReadAsStringAsync(cancellation));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
