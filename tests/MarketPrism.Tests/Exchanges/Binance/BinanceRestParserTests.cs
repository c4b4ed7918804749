using System.Globalization;
using System.Text;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

public sealed class BinanceRestParserTests
{
    private static readonly DateTime Received = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_123);

    // ---- depth snapshots (recorded bodies) ---------------------------------------------------------------

    [Fact]
    public void Spot_depth_snapshot_has_no_exchange_time_so_it_is_stamped_with_the_receive_time()
    {
        var (url, body, received) = Response(BinanceRecordings.SpotRest, "NKNUSDT");

        var result = BinanceRestParser.ParseDepthSnapshot(body, received);

        Assert.True(result.IsSuccess, url);
        var snapshot = result.Value;
        Assert.Equal(499869752, snapshot.LastUpdateId);
        Assert.Equal(received, snapshot.Timestamp);
        Assert.Equal(received, snapshot.LocalTimestamp);
        Assert.Equal(609, snapshot.Bids.Length);
        Assert.Equal(1000, snapshot.Asks.Length);
        AssertLevel(snapshot.Bids[0], "0.35210000", "672.00000000");
        AssertLevel(snapshot.Bids[^1], "0.00212000", "117924.50000000");
        AssertLevel(snapshot.Asks[0], "0.35250000", "3959.00000000");
        AssertLevel(snapshot.Asks[^1], "0.55060000", "14418.00000000");
    }

    [Fact]
    public void Usd_margined_depth_snapshot_is_stamped_with_its_event_time()
    {
        var (_, body, received) = Response(BinanceRecordings.FuturesRest, "SUSHIUSDT");

        var snapshot = BinanceRestParser.ParseDepthSnapshot(body, received).Value!;

        Assert.Equal(600859605926, snapshot.LastUpdateId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1626992741264), snapshot.Timestamp);
        Assert.Equal(received, snapshot.LocalTimestamp);
        Assert.Equal(1000, snapshot.Bids.Length);
        Assert.Equal(1000, snapshot.Asks.Length);
        AssertLevel(snapshot.Bids[0], "7.6110", "6");
        AssertLevel(snapshot.Asks[0], "7.6120", "297");
        AssertLevel(snapshot.Bids[^1], "6.3470", "72");
        AssertLevel(snapshot.Asks[^1], "9.1220", "2");
    }

    [Fact]
    public void Coin_margined_depth_snapshot_with_symbol_and_pair_parses()
    {
        var (_, body, received) = Response(BinanceRecordings.DeliveryRest, "BCHUSD_PERP");

        var snapshot = BinanceRestParser.ParseDepthSnapshot(body, received).Value!;

        Assert.Equal(167006089178, snapshot.LastUpdateId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1626916404580), snapshot.Timestamp);
        Assert.Equal(451, snapshot.Bids.Length);
        Assert.Equal(536, snapshot.Asks.Length);
        AssertLevel(snapshot.Bids[0], "427.90", "169");
        AssertLevel(snapshot.Asks[^1], "19999.99", "231000");
    }

    [Theory]
    [InlineData(BinanceRecordings.SpotRest, 4)]
    [InlineData(BinanceRecordings.FuturesRest, 4)]
    [InlineData(BinanceRecordings.DeliveryRest, 10)]
    public void Every_recorded_depth_body_parses_with_bids_descending_and_asks_ascending(string file, int count)
    {
        var responses = BinanceRecordings.Responses(file);

        Assert.Equal(count, responses.Count);
        foreach (var (url, body, received) in responses)
        {
            var result = BinanceRestParser.ParseDepthSnapshot(body, received);
            Assert.True(result.IsSuccess, url);
            var snapshot = result.Value;
            Assert.True(snapshot.LastUpdateId > 0, url);
            Assert.NotEmpty(snapshot.Bids);
            Assert.NotEmpty(snapshot.Asks);
            for (var i = 1; i < snapshot.Bids.Length; i++)
            {
                Assert.True(snapshot.Bids[i].Price < snapshot.Bids[i - 1].Price, $"{url}: bid {i}");
            }

            for (var i = 1; i < snapshot.Asks.Length; i++)
            {
                Assert.True(snapshot.Asks[i].Price > snapshot.Asks[i - 1].Price, $"{url}: ask {i}");
            }

            Assert.True(snapshot.Bids[0].Price < snapshot.Asks[0].Price, $"{url}: crossed book");
        }
    }

    [Fact]
    public void Depth_error_body_is_returned_as_an_error_with_code_and_message()
    {
        var result = BinanceRestParser.ParseDepthSnapshot("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"u8, Received);

        Assert.False(result.IsSuccess);
        Assert.Equal(new BinanceApiError(-1121, "Invalid symbol."), result.Error);
        Assert.Equal("Binance error -1121: Invalid symbol.", result.Error.ToString());
    }

    [Theory]
    [InlineData("", "depth: empty body")]
    [InlineData("[]", "depth: body is not a JSON object")]
    [InlineData("{\"lastUpdateId\":5,\"asks\":[]}", "depth: missing field 'bids'")]
    [InlineData("{\"bids\":[],\"asks\":[]}", "depth: missing field 'lastUpdateId'")]
    [InlineData("{\"lastUpdateId\":\"x\",\"bids\":[],\"asks\":[]}", "depth: field 'lastUpdateId' is not an integer")]
    [InlineData("{\"lastUpdateId\":5,\"bids\":[[\"1.0\"]],\"asks\":[]}", "depth: field 'bids' level 0 has no decimal size")]
    [InlineData("{\"lastUpdateId\":5,\"bids\":[],\"asks\":[],\"E\":-1}", "depth: field 'E' is not a valid time")]
    public void Malformed_depth_body_throws_a_format_exception_with_the_reason(string body, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => BinanceRestParser.ParseDepthSnapshot(Encoding.UTF8.GetBytes(body), Received));

        Assert.Equal(reason, ex.Message);
    }

    [Fact]
    public void Html_error_page_or_truncated_body_throws_a_format_exception_naming_invalid_json()
    {
        var (_, body, _) = Response(BinanceRecordings.SpotRest, "RUNEEUR");

        var truncated = Assert.Throws<FormatException>(() => BinanceRestParser.ParseDepthSnapshot(body.AsSpan(0, body.Length / 2), Received));
        var html = Assert.Throws<FormatException>(() => BinanceRestParser.ParseDepthSnapshot("<html><body>403 Forbidden</body></html>"u8, Received));

        Assert.StartsWith("depth: invalid JSON:", truncated.Message, StringComparison.Ordinal);
        Assert.StartsWith("depth: invalid JSON:", html.Message, StringComparison.Ordinal);
    }

    // ---- premiumIndex (no recorded body exists: these are the shapes of the Binance docs example,
    //      developers.binance.com .../usds-margined-futures/market-data/rest-api/Mark-Price) -------------------

    private const string PremiumIndexDocsExample =
        "{\"symbol\":\"BTCUSDT\",\"markPrice\":\"11793.63104562\",\"indexPrice\":\"11781.80495970\","
        + "\"estimatedSettlePrice\":\"11781.16138815\",\"lastFundingRate\":\"0.00038246\",\"interestRate\":\"0.00010000\","
        + "\"nextFundingTime\":1597392000000,\"time\":1597370495002}";

    [Fact]
    public void Premium_index_object_becomes_one_funding_record()
    {
        var table = BinanceSymbols.CreateTable(MarketType.Perpetual, []);

        var result = BinanceRestParser.ParsePremiumIndex(Encoding.UTF8.GetBytes(PremiumIndexDocsExample), table, Received);

        var funding = Assert.Single(result.Value!);
        Assert.Equal("BTC-USDT", funding.SymbolName);
        Assert.Equal(MarketType.Perpetual, funding.MarketType);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1597370495002), funding.Timestamp);
        Assert.Equal(Received, funding.LocalTimestamp);
        AssertDecimal("0.00038246", funding.FundingRate);
        Assert.Null(funding.EstimatedRate);
        Assert.Equal(new DateTime(2020, 8, 14, 8, 0, 0, DateTimeKind.Utc), funding.NextFundingTime);
        AssertDecimal("11793.63104562", funding.MarkPrice!.Value);
        AssertDecimal("11781.80495970", funding.IndexPrice!.Value);
        Assert.Equal(11.82608592m, funding.PremiumIndex);
    }

    [Fact]
    public void Premium_index_array_skips_dated_contracts_and_reports_symbols_it_cannot_normalize()
    {
        // The array form (no symbol in the request) holds every contract: dated ones publish "" and 0 for funding.
        var dated = "{\"symbol\":\"BTCUSDT_200925\",\"markPrice\":\"11793.1\",\"indexPrice\":\"11781.8\",\"estimatedSettlePrice\":\"11781.1\","
            + "\"lastFundingRate\":\"\",\"interestRate\":\"\",\"nextFundingTime\":0,\"time\":1597370495002}";
        var odd = "{\"symbol\":\"QQQQ\",\"markPrice\":\"1\",\"indexPrice\":\"1\",\"lastFundingRate\":\"0.0001\",\"nextFundingTime\":1597392000000,\"time\":1597370495002}";
        var body = Encoding.UTF8.GetBytes($"[{PremiumIndexDocsExample},{dated},{odd}]");
        var unresolved = new List<string>();

        var result = BinanceRestParser.ParsePremiumIndex(body, BinanceSymbols.CreateTable(MarketType.Perpetual, []), Received, unresolved);

        var funding = Assert.Single(result.Value!);
        Assert.Equal("BTCUSDT", funding.ExchangeSymbol);
        Assert.Equal(["QQQQ"], unresolved);
    }

    [Fact]
    public void Premium_index_error_body_is_returned_as_an_error()
    {
        var result = BinanceRestParser.ParsePremiumIndex(
            "{\"code\":-1003,\"msg\":\"Too many requests.\"}"u8, BinanceSymbols.CreateTable(MarketType.Perpetual, []), Received);

        Assert.Equal(new BinanceApiError(-1003, "Too many requests."), result.Error);
    }

    [Theory]
    [InlineData("{\"markPrice\":\"1\",\"lastFundingRate\":\"0.1\"}", "premiumIndex: missing field 'symbol'")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"lastFundingRate\":\"0.1\"}", "premiumIndex: missing field 'markPrice'")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"markPrice\":\"1\"}", "premiumIndex: missing field 'lastFundingRate'")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"markPrice\":\"x\",\"lastFundingRate\":\"0.1\"}", "premiumIndex: field 'markPrice' is not a decimal")]
    [InlineData("[1]", "premiumIndex entry is not an object")]
    [InlineData("true", "premiumIndex: body is neither an object nor an array")]
    public void Malformed_premium_index_throws_a_format_exception_with_the_reason(string body, string reason)
    {
        var table = BinanceSymbols.CreateTable(MarketType.Perpetual, []);

        var ex = Assert.Throws<FormatException>(() => BinanceRestParser.ParsePremiumIndex(Encoding.UTF8.GetBytes(body), table, Received));

        Assert.Equal(reason, ex.Message);
    }

    // ---- openInterest (docs example shape; the only recorded form is tardis's wrapper) -------------------

    private static readonly byte[] OpenInterestDocsExample = "{\"openInterest\":\"10659.509\",\"symbol\":\"BTCUSDT\",\"time\":1589437530011}"u8.ToArray();

    [Fact]
    public void Open_interest_value_is_open_interest_times_the_given_mark_price()
    {
        var result = BinanceRestParser.ParseOpenInterest(
            OpenInterestDocsExample, BinanceSymbols.CreateTable(MarketType.Perpetual, []), 9000.5m, Received);

        var openInterest = result.Value!;
        Assert.Equal("BTC-USDT", openInterest.SymbolName);
        AssertDecimal("10659.509", openInterest.OpenInterest);
        Assert.Equal(95940910.7545m, openInterest.OpenInterestValue);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1589437530011), openInterest.Timestamp);
        Assert.Equal(Received, openInterest.LocalTimestamp);
    }

    [Fact]
    public void Open_interest_without_a_mark_price_has_no_value()
    {
        var openInterest = BinanceRestParser.ParseOpenInterest(
            OpenInterestDocsExample, BinanceSymbols.CreateTable(MarketType.Perpetual, []), null, Received).Value!;

        Assert.Null(openInterest.OpenInterestValue);
    }

    [Fact]
    public void Coin_margined_open_interest_counts_contracts_so_it_has_no_price_value()
    {
        // COIN-M docs example: open interest in contracts of a fixed USD face value.
        var body = "{\"symbol\":\"BTCUSD_PERP\",\"pair\":\"BTCUSD\",\"openInterest\":\"517655\",\"contractType\":\"PERPETUAL\",\"time\":1591261042378}"u8;

        var openInterest = BinanceRestParser.ParseOpenInterest(body, BinanceSymbols.CreateTable(MarketType.Perpetual, []), 9000m, Received).Value!;

        Assert.Equal(ContractKind.Inverse, openInterest.Instrument.Contract);
        AssertDecimal("517655", openInterest.OpenInterest);
        Assert.Null(openInterest.OpenInterestValue);
    }

    [Fact]
    public void Open_interest_error_body_is_returned_as_an_error()
    {
        var result = BinanceRestParser.ParseOpenInterest(
            "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"u8, BinanceSymbols.CreateTable(MarketType.Perpetual, []), null, Received);

        Assert.Equal(-1121, result.Error!.Code);
    }

    [Theory]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"time\":1}", "openInterest: missing field 'openInterest'")]
    [InlineData("{\"openInterest\":\"1\",\"time\":1}", "openInterest: missing field 'symbol'")]
    [InlineData("{\"openInterest\":\"1\",\"symbol\":\"QQQQ\"}", "openInterest: unknown symbol 'QQQQ' cannot be normalized")]
    public void Malformed_open_interest_throws_a_format_exception_with_the_reason(string body, string reason)
    {
        var table = BinanceSymbols.CreateTable(MarketType.Perpetual, []);

        var ex = Assert.Throws<FormatException>(() => BinanceRestParser.ParseOpenInterest(Encoding.UTF8.GetBytes(body), table, 1m, Received));

        Assert.Equal(reason, ex.Message);
    }

    [Fact]
    public void Data_after_the_open_interest_body_throws_a_format_exception()
    {
        var table = BinanceSymbols.CreateTable(MarketType.Perpetual, []);

        var ex = Assert.Throws<FormatException>(
            () => BinanceRestParser.ParseOpenInterest("{\"openInterest\":\"1\",\"symbol\":\"BTCUSDT\"} x"u8, table, 1m, Received));

        Assert.StartsWith("openInterest: invalid JSON:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", true)]
    [InlineData("{\"msg\":\"Invalid symbol.\",\"code\":-1121}", true)]
    [InlineData("{\"code\":-1121}", false)]
    [InlineData("{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}", false)]
    [InlineData("not json", false)]
    public void Error_body_is_recognized_only_with_both_code_and_message(string body, bool isError)
    {
        Assert.Equal(isError, BinanceRestParser.TryParseError(Encoding.UTF8.GetBytes(body), out _));
    }

    private static (string Url, byte[] Body, DateTime Received) Response(string file, string symbol) =>
        BinanceRecordings.Responses(file).Single(r => r.Url.Contains($"symbol={symbol}&", StringComparison.Ordinal));

    private static void AssertDecimal(string expected, decimal actual) =>
        Assert.Equal(expected, actual.ToString(CultureInfo.InvariantCulture));

    private static void AssertLevel(BookLevel level, string price, string size)
    {
        AssertDecimal(price, level.Price);
        AssertDecimal(size, level.Size);
    }
}
