using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// The REST bodies polled from OKX. The recordings hold none (recordings/SOURCES.md: "OKX REST ... Missing"), so the
/// bodies are the examples of OKX's v5 docs (Public Data: Get funding rate, Get open interest; Trading Statistics:
/// the contract long/short ratio endpoints, whose data is "[ts, ratio]" pairs) and its documented error shape.
/// </summary>
public sealed class OkxRestParserTests
{
    private static readonly DateTime Local = UtcTimestamp.FromUnixMilliseconds(1_703_070_700_000);

    private static OkxRestParser Parser(MarketType market) => new(OkxSymbols.CreateTable(market, []));

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void The_funding_rate_endpoint_gives_the_current_rate_its_settlement_time_and_ts()
    {
        var body = Body("""{"code":"0","data":[{"formulaType":"noRate","fundingRate":"0.0000792386885340","fundingTime":"1703088000000","impactValue":"","instId":"BTC-USD-SWAP","instType":"SWAP","interestRate":"","maxFundingRate":"0.00375","method":"current_period","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1703116800000","premium":"0.0001233824646391","settFundingRate":"0.0000733271930000","settState":"settled","ts":"1703070685309"}],"msg":""}""");

        var funding = Assert.Single(Parser(MarketType.Perpetual).ParseFundingRate(body, Local));

        Assert.Equal(("BTC-USD", "BTC-USD-SWAP", 0.0000792386885340m, (decimal?)null), (funding.SymbolName, funding.ExchangeSymbol, funding.FundingRate, funding.EstimatedRate));
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1703088000000), funding.NextFundingTime);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1703070685309), funding.Timestamp);
        Assert.Equal(Local, funding.LocalTimestamp);
    }

    [Fact]
    public void The_open_interest_endpoint_takes_oi_usd_as_the_value()
    {
        var body = Body("""{"code":"0","data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"5000","oiCcy":"555.55","oiUsd":"50000","ts":"1597026383085"}],"msg":""}""");

        var openInterest = Assert.Single(Parser(MarketType.Perpetual).ParseOpenInterest(body, markPrice: 30000m, Local));

        Assert.Equal(("BTC-USDT", 555.55m, (decimal?)50000m), (openInterest.SymbolName, openInterest.OpenInterest, openInterest.OpenInterestValue));
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1597026383085), openInterest.Timestamp);
    }

    [Fact]
    public void Without_oi_usd_the_value_is_coins_times_the_latest_mark_price_or_null_before_one_is_known()
    {
        var body = Body("""{"code":"0","data":[{"instId":"BTC-USD-220527","instType":"FUTURES","oi":"236870","oiCcy":"23687","ts":"1640131202886"}],"msg":""}""");

        var valued = Assert.Single(Parser(MarketType.Futures).ParseOpenInterest(body, markPrice: 2m, Local));
        var unvalued = Assert.Single(Parser(MarketType.Futures).ParseOpenInterest(body, markPrice: null, Local));

        Assert.Equal(47374m, valued.OpenInterestValue);
        Assert.Null(unvalued.OpenInterestValue);
    }

    [Fact]
    public void A_rubik_ratio_body_gives_one_record_per_ts_ratio_pair_with_kind_and_period()
    {
        var instrument = OkxSymbols.Resolve("BTC-USDT-SWAP", MarketType.Perpetual)!;
        var body = Body("""{"code":"0","data":[["1701417600000","1.25"],["1701417300000","1.24"]],"msg":""}""");

        var records = OkxRestParser.ParseLongShortRatio(body, instrument, LongShortRatioKind.TopPosition, "5m", Local);

        Assert.Equal(
            [(UtcTimestamp.FromUnixMilliseconds(1701417600000), 1.25m), (UtcTimestamp.FromUnixMilliseconds(1701417300000), 1.24m)],
            records.Select(record => (record.Timestamp, record.LongShortRatio)));
        Assert.All(records, record =>
        {
            Assert.Equal((LongShortRatioKind.TopPosition, "5m", (decimal?)null, (decimal?)null), (record.Kind, record.Period, record.LongRatio, record.ShortRatio));
            Assert.Same(instrument, record.Instrument);
        });
    }

    [Fact]
    public void An_okx_error_body_throws_with_its_code_and_message()
    {
        var body = Body("""{"code":"51001","data":[],"msg":"Instrument ID does not exist"}""");

        var error = Assert.Throws<FormatException>(() => Parser(MarketType.Perpetual).ParseFundingRate(body, Local));

        Assert.Equal("funding-rate: OKX error 51001: Instrument ID does not exist", error.Message);
        Assert.Equal("OKX error 51001: Instrument ID does not exist", OkxRestParser.DescribeError(body));
        Assert.Null(OkxRestParser.DescribeError(Body("""{"code":"0","data":[],"msg":""}""")));
        Assert.Null(OkxRestParser.DescribeError(Body("<html>bad gateway</html>")));
    }

    public static TheoryData<string, string> BrokenBodies => new()
    {
        { "<html>", "open-interest: invalid JSON: " },
        { """{"code":"0","msg":""}""", "open-interest: the body has no 'data' array" },
        { """{"code":"0","data":[{"instId":"BTC-USDT-SWAP","oi":"1","ts":"1597026383085"}]}""", "open-interest: open-interest: required field 'oiCcy' is missing" },
        { """{"code":"0","data":[{"instId":"BTC-USDT-SWAP","oiCcy":"1","ts":"1597026383085"}""", "open-interest: invalid JSON: " },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public void A_body_that_is_not_okx_data_throws_a_format_exception_naming_the_problem(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => Parser(MarketType.Perpetual).ParseOpenInterest(Body(json), null, Local));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_market_books_answer_gives_the_book_best_first_its_ts_and_its_seq_id()
    {
        var snapshot = OkxRestParser.ParseBooks(OkxRecordings.RestBooks(), Local);

        Assert.Equal(320237917986, snapshot.LastUpdateId);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1780536387405), snapshot.Timestamp);
        Assert.Equal(Local, snapshot.LocalTimestamp);
        Assert.Equal(
            [new(62843.9m, 2104.66m), new(62843.8m, 225.34m), new(62843.7m, 4.74m), new(62843.6m, 0.01m), new(62843.5m, 0.02m)],
            snapshot.Bids);
        Assert.Equal(
            [new(62844m, 1.78m), new(62844.3m, 0.02m), new(62844.4m, 1m), new(62844.5m, 0.04m), new(62844.9m, 0.07m)],
            snapshot.Asks);
    }

    [Fact]
    public void A_books_answer_with_a_string_seq_id_and_empty_sides_is_read()
    {
        var snapshot = OkxRestParser.ParseBooks(Body("""{"code":"0","msg":"","data":[{"asks":[],"bids":[],"ts":"1780536387405","seqId":"12"}]}"""), Local);

        Assert.Equal((12L, 0, 0), (snapshot.LastUpdateId, snapshot.Bids.Length, snapshot.Asks.Length));
    }

    public static TheoryData<string, string> BrokenBooks => new()
    {
        // books-full answers without seqId: such a book cannot be bridged to the stream.
        { """{"code":"0","msg":"","data":[{"asks":[["1","1","1"]],"bids":[],"ts":"1780536387405"}]}""", "books: field 'seqId' is missing, so the book cannot be bridged to the stream" },
        { """{"code":"0","msg":"","data":[{"asks":[],"bids":[],"seqId":5}]}""", "books: field 'ts' is missing" },
        { """{"code":"0","msg":"","data":[{"asks":[],"ts":"1","seqId":5}]}""", "books: field 'bids' is missing" },
        { """{"code":"0","msg":"","data":[{"asks":[],"bids":[],"ts":"1","seqId":-1}]}""", "books: field 'seqId' is not a non-negative integer" },
        { """{"code":"0","msg":"","data":[{"asks":[],"bids":[],"ts":"1","seqId":1.5}]}""", "books: field 'seqId' is not a non-negative integer" },
        { """{"code":"0","msg":"","data":[{"asks":[],"bids":[],"ts":"soon","seqId":1}]}""", "books: field 'ts' is not a millisecond time" },
        { """{"code":"0","msg":"","data":[{"asks":[["x","1","0","1"]],"bids":[],"ts":"1","seqId":1}]}""", "books: field 'asks' " },
        { """{"code":"0","msg":"","data":[]}""", "books: 'data' holds no book" },
        { """{"code":"0","msg":"","data":[{"asks":[],"bids":[],"ts":"1","seqId":1},{"asks":[],"bids":[],"ts":"1","seqId":2}]}""", "books: 'data' holds more than one book" },
        { """{"code":"51001","msg":"Instrument ID does not exist","data":[]}""", "books: OKX error 51001: Instrument ID does not exist" },
        { """{"code":"0","msg":"","data":[{"asks":[],"bids":[],"ts":"1","seqId":1""", "books: " },
        { "<html>", "books: invalid JSON: " },
    };

    [Theory]
    [MemberData(nameof(BrokenBooks))]
    public void A_books_answer_that_cannot_seed_a_book_throws_a_format_exception_naming_the_problem(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => OkxRestParser.ParseBooks(Body(json), Local));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
