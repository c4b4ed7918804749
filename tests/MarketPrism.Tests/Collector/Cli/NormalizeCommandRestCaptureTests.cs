using System.Globalization;
using System.Text;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary>
/// Every kind of REST body the collector polls or fetches, captured in cryptofeed's format
/// (<c>&lt;url&gt; -&gt; &lt;ts&gt;: &lt;body&gt;</c>), normalizes to the records the collector writes for it. Bodies are real
/// where the recordings hold one (Binance depth: recordings/binance-futures; OKX books: recordings/okx, see
/// recordings/SOURCES.md); the others are not recorded anywhere, so they are the venues' documentation examples the
/// parser tests use: Binance USD-M Market Data (Mark Price, Open Interest, Top Trader Long/Short Ratio (Positions)),
/// OKX v5 (Public Data: Get funding rate, Get open interest; Trading Statistics: contract long/short ratios), Bybit v5
/// Get Orderbook, Deribit public/get_order_book.
/// </summary>
public sealed class NormalizeCommandRestCaptureTests
{
    private static string Recording(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "recordings", .. parts]);

    /// <summary>One captured REST response, received <paramref name="receivedMs"/> (Unix ms).</summary>
    private static string Response(string url, long receivedMs, string body) =>
        $"{url} -> {(receivedMs / 1000m).ToString(CultureInfo.InvariantCulture)}: {body}\n";

    private static async Task<(int ExitCode, List<MarketRecord> Records, string Errors)> NormalizeAsync(string exchange, string market, string capture)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(capture));
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        var exitCode = await NormalizeCommand.RunAsync(exchange, market, input, output, errors, new FakeTimeProvider(NormalizeCommandTests.RunTime), CancellationToken.None);
        var reader = new RecordJsonReader();
        var records = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => reader.Read(Encoding.UTF8.GetBytes(line)))
            .ToList();
        return (exitCode, records, errors.ToString());
    }

    [Fact]
    public async Task Recorded_usdm_depth_snapshots_become_book_snapshots_of_the_perpetual()
    {
        var capture = await File.ReadAllTextAsync(Recording("binance-futures", "BINANCE_FUTURES.http.0.0"), TestContext.Current.CancellationToken);

        var (exitCode, records, errors) = await NormalizeAsync("binance", "perpetual", capture);

        Assert.Equal(0, exitCode);
        var snapshots = records.Cast<BookSnapshotRecord>().ToList();
        Assert.Equal(["SUSHI-USDT", "AKRO-USDT", "KEEP-USDT", "CTK-USDT"], snapshots.Select(snapshot => snapshot.SymbolName));
        Assert.All(snapshots, snapshot => Assert.Equal(MarketType.Perpetual, snapshot.MarketType));
        Assert.Equal(600859605926, snapshots[0].LastUpdateId);
        Assert.Contains("4 frames, 4 records, 0 ignored, 0 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binance_premium_index_open_interest_and_long_short_ratio_polls_become_their_records()
    {
        var capture =
            Response("https://fapi.binance.com/fapi/v1/premiumIndex?symbol=BTCUSDT", 1597370495102,
                """{"symbol":"BTCUSDT","markPrice":"11793.63104562","indexPrice":"11781.80495970","estimatedSettlePrice":"11781.16138815","lastFundingRate":"0.00038246","interestRate":"0.00010000","nextFundingTime":1597392000000,"time":1597370495002}""")
            + Response("https://fapi.binance.com/fapi/v1/openInterest?symbol=BTCUSDT", 1589437530111,
                """{"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}""")
            + Response("https://fapi.binance.com/futures/data/topLongShortPositionRatio?symbol=BTCUSDT&period=5m&limit=30", 1583140000000,
                """[{"symbol":"BTCUSDT","longShortRatio":"1.4342","longAccount":"0.5891","shortAccount":"0.4108","timestamp":"1583139600000"},{"symbol":"BTCUSDT","longShortRatio":"1.4337","longAccount":"0.3583","shortAccount":"0.6417","timestamp":"1583139900000"}]""");

        var (exitCode, records, errors) = await NormalizeAsync("binance", "perpetual", capture);

        Assert.True(exitCode == 0, errors);
        var funding = Assert.IsType<FundingRateRecord>(records[0]);
        Assert.Equal(0.00038246m, funding.FundingRate);
        Assert.Equal(11793.63104562m, funding.MarkPrice);
        var openInterest = Assert.IsType<OpenInterestRecord>(records[1]);
        Assert.Equal(10659.509m, openInterest.OpenInterest);
        Assert.Null(openInterest.OpenInterestValue); // stateless: no mark price to value it with
        var ratios = records.Skip(2).Cast<LongShortRatioRecord>().ToList();
        Assert.Equal([1.4342m, 1.4337m], ratios.Select(ratio => ratio.LongShortRatio));
        Assert.All(ratios, ratio => Assert.Equal(LongShortRatioKind.TopPosition, ratio.Kind));
        Assert.All(records, record => Assert.Equal("BTC-USDT", record.SymbolName));
    }

    [Fact]
    public async Task A_long_short_ratio_of_another_period_than_the_collector_polls_is_ignored_not_mislabelled()
    {
        var capture = Response("https://fapi.binance.com/futures/data/topLongShortPositionRatio?symbol=BTCUSDT&period=1h&limit=1", 1583140000000,
            """[{"symbol":"BTCUSDT","longShortRatio":"1.4342","longAccount":"0.5891","shortAccount":"0.4108","timestamp":"1583139600000"}]""");

        var (exitCode, records, errors) = await NormalizeAsync("binance", "perpetual", capture);

        Assert.Equal(0, exitCode);
        Assert.Empty(records);
        Assert.Contains("1 frames, 0 records, 1 ignored, 0 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recorded_okx_rest_book_becomes_a_book_snapshot_with_its_seq_id()
    {
        var body = (await File.ReadAllTextAsync(Recording("okx", "rest_api-v5-market-books_BTC-USDT-SWAP_2026-06-04.json"), TestContext.Current.CancellationToken)).Trim();
        var capture = Response("https://www.okx.com/api/v5/market/books?instId=BTC-USDT-SWAP&sz=5", 1780536387505, body);

        var (exitCode, records, errors) = await NormalizeAsync("okx", "perpetual", capture);

        Assert.True(exitCode == 0, errors);
        var snapshot = Assert.IsType<BookSnapshotRecord>(Assert.Single(records));
        Assert.Equal("BTC-USDT", snapshot.SymbolName);
        Assert.Equal(5, snapshot.Bids.Length);
        Assert.Equal(62843.9m, snapshot.Bids[0].Price);
        Assert.Equal(62844m, snapshot.Asks[0].Price);
    }

    [Fact]
    public async Task Okx_funding_rate_open_interest_and_rubik_ratio_polls_become_their_records()
    {
        var capture =
            Response("https://www.okx.com/api/v5/public/funding-rate?instId=BTC-USD-SWAP", 1703070700000,
                """{"code":"0","data":[{"formulaType":"noRate","fundingRate":"0.0000792386885340","fundingTime":"1703088000000","impactValue":"","instId":"BTC-USD-SWAP","instType":"SWAP","interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1703116800000","premium":"0.0001233824646391","settFundingRate":"0.0000733271930000","settState":"settled","ts":"1703070685309"}],"msg":""}""")
            + Response("https://www.okx.com/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP", 1597026383185,
                """{"code":"0","data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"5000","oiCcy":"555.55","oiUsd":"50000","ts":"1597026383085"}],"msg":""}""")
            + Response("https://www.okx.com/api/v5/rubik/stat/contracts/long-short-position-ratio-contract-top-trader?instId=BTC-USDT-SWAP&period=5m&limit=2", 1701417700000,
                """{"code":"0","data":[["1701417600000","1.25"],["1701417300000","1.24"]],"msg":""}""");

        var (exitCode, records, errors) = await NormalizeAsync("okx", "perpetual", capture);

        Assert.True(exitCode == 0, errors);
        var funding = Assert.IsType<FundingRateRecord>(records[0]);
        Assert.Equal("BTC-USD", funding.SymbolName);
        Assert.Equal(0.0000792386885340m, funding.FundingRate);
        var openInterest = Assert.IsType<OpenInterestRecord>(records[1]);
        Assert.Equal("BTC-USDT", openInterest.SymbolName);
        Assert.Equal(555.55m, openInterest.OpenInterest);
        var ratios = records.Skip(2).Cast<LongShortRatioRecord>().ToList();
        Assert.Equal([1.24m, 1.25m], ratios.Select(ratio => ratio.LongShortRatio)); // oldest first, as the collector stores them
        Assert.All(ratios, ratio => Assert.Equal(LongShortRatioKind.TopPosition, ratio.Kind));
    }

    [Fact]
    public async Task A_bybit_rest_order_book_becomes_a_book_snapshot_and_one_of_another_category_is_ignored()
    {
        const string Body = """{"retCode":0,"retMsg":"OK","result":{"s":"BTCUSD","a":[["65557.7","16606"]],"b":[["65485.5","47081"],["65485.0","10"]],"ts":1716863719031,"u":230704,"seq":1432604333,"cts":1716863718905},"retExtInfo":{},"time":1716863719382}""";
        var capture = Response("https://api.bybit.com/v5/market/orderbook?category=inverse&symbol=BTCUSD&limit=200", 1716863719400, Body)
            + Response("https://api.bybit.com/v5/market/orderbook?category=spot&symbol=BTCUSD&limit=200", 1716863719400, Body);

        var (exitCode, records, errors) = await NormalizeAsync("bybit", "perpetual", capture);

        Assert.True(exitCode == 0, errors);
        var snapshot = Assert.IsType<BookSnapshotRecord>(Assert.Single(records));
        Assert.Equal("BTC-USD", snapshot.SymbolName);
        Assert.Equal(230704, snapshot.LastUpdateId);
        Assert.Equal([65485.5m, 65485.0m], snapshot.Bids.Select(level => level.Price));
        Assert.Contains("2 frames, 1 records, 1 ignored, 0 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deribit_rest_order_book_becomes_a_book_snapshot()
    {
        var capture = Response("https://www.deribit.com/api/v2/public/get_order_book?instrument_name=BTC-PERPETUAL&depth=5", 1550757626800,
            """{"jsonrpc":"2.0","result":{"timestamp":1550757626706,"stats":{"volume":93.35589552,"low":3940.75,"high":3976.25},"state":"open","settlement_price":3925.85,"open_interest":45.27600333464605,"min_price":3932.22,"max_price":3971.74,"mark_price":3931.97,"last_price":3955.75,"instrument_name":"BTC-PERPETUAL","index_price":3910.46,"funding_8h":0.00455263,"current_funding":0.00500063,"change_id":474988,"bids":[[3955.75,30.0],[3940.75,102020.0],[3423.0,42840.0]],"best_bid_price":3955.75,"best_bid_amount":30.0,"best_ask_price":0.0,"best_ask_amount":0.0,"asks":[]},"usIn":1550757626705520,"usOut":1550757626706092,"usDiff":572,"testnet":false}""");

        var (exitCode, records, errors) = await NormalizeAsync("deribit", "perpetual", capture);

        Assert.True(exitCode == 0, errors);
        var snapshot = Assert.IsType<BookSnapshotRecord>(Assert.Single(records));
        Assert.Equal("BTC-USD", snapshot.SymbolName);
        Assert.Equal(474988, snapshot.LastUpdateId);
        Assert.Equal(3, snapshot.Bids.Length);
        Assert.Empty(snapshot.Asks);
    }

    [Fact]
    public async Task A_recognized_body_that_cannot_be_read_is_a_failed_line_with_the_reason()
    {
        var capture = Response("https://fapi.binance.com/fapi/v1/openInterest?symbol=BTCUSDT", 1589437530111, """{"code":-1121,"msg":"Invalid symbol."}""")
            + Response("https://fapi.binance.com/fapi/v1/exchangeInfo", 1589437530111, """{"symbols":[]}""");

        var (exitCode, records, errors) = await NormalizeAsync("binance", "perpetual", capture);

        Assert.Equal(1, exitCode);
        Assert.Empty(records);
        Assert.Contains("line 1: openInterest: Binance error", errors, StringComparison.Ordinal);
        Assert.Contains("2 frames, 0 records, 1 ignored, 1 failed", errors, StringComparison.Ordinal);
    }
}
