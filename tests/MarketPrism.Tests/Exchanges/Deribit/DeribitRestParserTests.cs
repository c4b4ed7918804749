using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>
/// REST answers. The recordings hold no Deribit REST body; these are in the shape of the examples at
/// docs.deribit.com (public/get_order_book) and of real error answers quoted in public issue trackers.
/// </summary>
public sealed class DeribitRestParserTests
{
    private static readonly DateTime Local = UtcTimestamp.FromUnixMilliseconds(1_700_000_000_000);

    [Fact]
    public void An_order_book_answer_is_a_snapshot_at_its_change_id()
    {
        var body = """{"jsonrpc":"2.0","result":{"timestamp":1550757626706,"stats":{"volume":93.35589552,"low":3940.75,"high":3976.25},"state":"open","settlement_price":3925.85,"open_interest":45.27600333464605,"min_price":3932.22,"max_price":3971.74,"mark_price":3931.97,"last_price":3955.75,"instrument_name":"BTC-PERPETUAL","index_price":3910.46,"funding_8h":0.00455263,"current_funding":0.00500063,"change_id":474988,"bids":[[3955.75,30.0],[3940.75,102020.0],[3423.0,42840.0]],"best_bid_price":3955.75,"best_bid_amount":30.0,"best_ask_price":0.0,"best_ask_amount":0.0,"asks":[]},"usIn":1550757626705520,"usOut":1550757626706092,"usDiff":572,"testnet":false}""";

        var snapshot = DeribitRestParser.ParseOrderBook(Encoding.UTF8.GetBytes(body), Local);

        Assert.Equal(474988, snapshot.LastUpdateId);
        Assert.Equal([new BookLevel(3955.75m, 30.0m), new BookLevel(3940.75m, 102020.0m), new BookLevel(3423.0m, 42840.0m)], snapshot.Bids);
        Assert.Empty(snapshot.Asks);
        Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1550757626706), snapshot.Timestamp);
        Assert.Equal(Local, snapshot.LocalTimestamp);
    }

    [Fact]
    public void An_error_answer_is_a_format_error_naming_code_and_message()
    {
        var body = """{"jsonrpc":"2.0","error":{"message":"too_many_requests","code":10028},"testnet":false,"usIn":1,"usOut":2,"usDiff":1}""";

        var error = Assert.Throws<FormatException>(() => DeribitRestParser.ParseOrderBook(Encoding.UTF8.GetBytes(body), Local));

        Assert.Equal("get_order_book: Deribit error 10028: too_many_requests", error.Message);
        Assert.Equal("Deribit error 10028: too_many_requests", DeribitRestParser.DescribeError(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","result":{"change_id":1,"bids":[[1,2]]}}""", "get_order_book: missing field 'asks'")]
    [InlineData("""{"jsonrpc":"2.0","result":{"change_id":"x","bids":[],"asks":[]}}""", "get_order_book: field 'change_id' is not an integer")]
    [InlineData("""{"jsonrpc":"2.0","result":{"change_id":1,"bids":[["new",1,2]],"asks":[]}}""", "get_order_book: field 'bids' level 0 has no decimal price")]
    [InlineData("""{"jsonrpc":"2.0"}""", "get_order_book: the body has neither 'result' nor 'error'")]
    [InlineData("<html>", "get_order_book: invalid JSON: ")]
    [InlineData("[]", "get_order_book: the body is not a JSON object")]
    public void Bodies_that_are_not_order_books_are_rejected_with_the_reason(string body, string reason)
    {
        var error = Assert.Throws<FormatException>(() => DeribitRestParser.ParseOrderBook(Encoding.UTF8.GetBytes(body), Local));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_no_error_is_not_described() =>
        Assert.Null(DeribitRestParser.DescribeError("""{"jsonrpc":"2.0","result":[]}"""u8));
}
