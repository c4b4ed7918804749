using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Sinks.Nats;

namespace MarketPrism.Tests.Sinks.Nats;

public sealed class NatsSubjectsTests
{
    [Fact]
    public void A_subject_is_data_type_exchange_market_type_and_normalized_symbol()
    {
        var instrument = new Instrument("binance", MarketType.Spot, "BTC", "USDT", "BTCUSDT");

        Assert.Equal("trade.binance.spot.BTC-USDT", NatsSubjects.For(DataType.Trade, instrument));
        Assert.Equal("book_delta.binance.perpetual.ETH-USDT", NatsSubjects.For(DataType.BookDelta, new Instrument("binance", MarketType.Perpetual, "ETH", "USDT", "ETHUSDT", ContractKind.Linear)));
    }

    [Theory]
    [InlineData("BTC-USDT", "BTC-USDT")]
    [InlineData("1000SHIB-USDT", "1000SHIB-USDT")]
    [InlineData("BTC.D-USD", "BTC_D-USD")]
    [InlineData("A*B>C D", "A_B_C_D")]
    [InlineData("", "_")]
    public void Symbols_become_one_subject_safe_token(string symbol, string token) =>
        Assert.Equal(token, NatsSubjects.Token(symbol));

    [Theory]
    [InlineData("trade.>", "trade.binance.spot.BTC-USDT", true)]
    [InlineData("trade.>", "trade", false)]
    [InlineData("*.binance.*.BTC-USDT", "book_delta.binance.perpetual.BTC-USDT", true)]
    [InlineData("*.binance.*.BTC-USDT", "book_delta.okx.perpetual.BTC-USDT", false)]
    [InlineData("trade.binance.spot.BTC-USDT", "trade.binance.spot.BTC-USDT", true)]
    [InlineData("trade.binance", "trade.binance.spot.BTC-USDT", false)]
    [InlineData(">", "anything.at.all", true)]
    public void Filters_match_subjects_as_nats_does(string filter, string subject, bool matches) =>
        Assert.Equal(matches, NatsSubjects.Matches(filter, subject));

    [Theory]
    [InlineData("trade.>", true)]
    [InlineData("*.binance.>", true)]
    [InlineData("trade..x", false)]
    [InlineData("trade.>.x", false)]
    [InlineData("tra*de", false)]
    [InlineData("trade x", false)]
    [InlineData("", false)]
    public void Only_well_formed_filters_are_valid(string filter, bool valid) =>
        Assert.Equal(valid, NatsSubjects.IsValidFilter(filter));

    [Fact]
    public void Coverage_requires_a_filter_that_matches_every_exchange_market_and_symbol()
    {
        Assert.True(NatsSubjects.Covers(["trade.>"], DataType.Trade));
        Assert.True(NatsSubjects.Covers(["*.*.*.*"], DataType.Trade));
        Assert.False(NatsSubjects.Covers(["trade.binance.>"], DataType.Trade));
        Assert.False(NatsSubjects.Covers(["book_delta.>"], DataType.Trade));
        Assert.True(NatsSubjects.Overlaps(["trade.binance.>"], DataType.Trade));
        Assert.False(NatsSubjects.Overlaps(["trade.>"], DataType.BookDelta));
    }
}
