using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Coinbase;

namespace MarketPrism.Tests.Exchanges.Coinbase;

/// <summary>Advanced Trade's public REST bodies, read from the real samples in recordings/coinbase/.</summary>
public sealed class CoinbaseRestParserTests
{
    private static readonly DateTime Received = new(2026, 4, 7, 0, 29, 0, DateTimeKind.Utc);

    [Fact]
    public void The_product_book_gives_both_sides_and_the_books_own_time()
    {
        var snapshot = CoinbaseRestParser.ParseProductBook(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-product_book_BTC-USD_2026-04-07.json"), Received);
        Assert.Equal(5, snapshot.Bids.Length);
        Assert.Equal(new BookLevel(68923.66m, 0.17189468m), snapshot.Bids[0]);
        Assert.Equal(new BookLevel(68928m, 0.058m), snapshot.Asks[4]);
        Assert.Equal(new DateTime(2026, 4, 7, 0, 28, 59, DateTimeKind.Utc).AddTicks(6_627_820), snapshot.Timestamp);
        Assert.Equal(Received, snapshot.LocalTimestamp);
    }

    [Fact]
    public void Market_trades_listed_newest_first_come_out_oldest_first_with_the_taker_side()
    {
        var table = CoinbaseSymbols.CreateTable(MarketType.Spot, []);
        var trades = CoinbaseRestParser.ParseMarketTrades(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-products-ticker_BTC-USD_2026-04-07.json"), table, Received);

        Assert.Equal([995098661L, 995098662L, 995098663L], trades.Select(trade => trade.TradeId.Number));
        Assert.Equal([Side.Sell, Side.Buy, Side.Buy], trades.Select(trade => trade.Side));
        Assert.Equal(68924.94m, trades[0].Price);
    }

    [Fact]
    public void Candles_listed_newest_first_come_out_oldest_first()
    {
        var candles = CoinbaseRestParser.ParseCandles(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-products-candles_BTC-USD_1h_2024-04-04.json"));
        Assert.Equal([DateTime.UnixEpoch.AddSeconds(1712188800), DateTime.UnixEpoch.AddSeconds(1712192400)], candles.Select(candle => candle.Start));
        Assert.Equal(new CoinbaseCandle(DateTime.UnixEpoch.AddSeconds(1712192400), 66312.4m, 66331.99m, 66055.14m, 66181.6m, 355.82896243m), candles[1]);
    }

    [Fact]
    public void The_products_list_gives_each_futures_expiry_and_underlying_and_which_products_trade()
    {
        var futures = CoinbaseRestParser.ParseProducts(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-products_FUTURE_2026-04-07.json"));
        Assert.Equal(
            [
                new CoinbaseProduct("BIP-20DEC30-CDE", MarketType.Futures, "", true, new DateTime(2030, 12, 20, 16, 0, 0, DateTimeKind.Utc), "BTC"),
                new CoinbaseProduct("BIT-24APR26-CDE", MarketType.Futures, "", true, new DateTime(2026, 4, 24, 15, 0, 0, DateTimeKind.Utc), "BTC"),
            ],
            futures);

        // The expiry date in the product id agrees with the list's contract_expiry.
        Assert.All(futures, product =>
        {
            Assert.True(CoinbaseSymbols.TryGetExpiryDate(product.ProductId, out var date));
            Assert.Equal(DateOnly.FromDateTime(product.Expiry!.Value), date);
        });

        var spot = CoinbaseRestParser.ParseProducts(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-products_SPOT_2026-04-07.json"));
        Assert.Equal(["BTC-USD", "BTC-USDC"], spot.Select(product => product.ProductId));
        Assert.All(spot, product => Assert.Equal((MarketType.Spot, "online", true, (DateTime?)null), (product.Market, product.Status, product.IsTrading, product.Expiry)));
        Assert.Equal("BTC-USD", Assert.Single(CoinbaseRestParser.ParseProducts(CoinbaseRecordings.Bytes("coinbase/rest_brokerage-product_BTC-USD_2026-04-07.json"))).ProductId);
    }

    [Theory]
    [InlineData("""{"pricebook":{"product_id":"BTC-USD","bids":[{"price":"x","size":"1"}],"asks":[],"time":"2026-04-07T00:28:59Z"}}""", "product_book: field 'price' is 'x', not a decimal")]
    [InlineData("""{"pricebook":{"product_id":"BTC-USD","bids":[],"asks":[]}}""", "product_book: field 'time' is missing or not a string")]
    [InlineData("""[1,2]""", "product_book: the body is not a JSON object")]
    [InlineData("""{"pricebook":""", "product_book: invalid JSON")]
    public void A_product_book_that_cannot_be_read_throws_a_format_error_naming_the_field(string body, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CoinbaseRestParser.ParseProductBook(System.Text.Encoding.UTF8.GetBytes(body), Received));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":"NOT_FOUND","error_details":"ProductID is invalid","message":"ProductID is invalid"}""", "Coinbase: NOT_FOUND: ProductID is invalid")]
    [InlineData("""{"message":"NotFound"}""", "Coinbase: NotFound")]
    [InlineData("""{"pricebook":{}}""", null)]
    [InlineData("""<html>""", null)]
    public void An_error_body_of_either_api_is_described_for_the_log(string body, string? expected) =>
        Assert.Equal(expected, CoinbaseRestParser.DescribeError(System.Text.Encoding.UTF8.GetBytes(body)));
}
