using System.Text;
using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

public sealed class DeribitExchangeVenueTests
{
    private static readonly IReadOnlySet<DataType> Everything = new HashSet<DataType>(WireNames.AllDataTypes);

    [Fact]
    public void The_catalog_serves_deribit_perpetuals_futures_and_options()
    {
        Assert.Contains("deribit", VenueCatalog.Exchanges);
        Assert.True(VenueCatalog.TryGet("deribit", MarketType.Perpetual, out _));
        Assert.True(VenueCatalog.TryGet("deribit", MarketType.Futures, out _));
        Assert.True(VenueCatalog.TryGet("deribit", MarketType.Option, out _));
        Assert.False(VenueCatalog.TryGet("deribit", MarketType.Spot, out _));
    }

    [Fact]
    public void A_perpetual_streams_trades_book_quote_and_ticker_on_one_connection_group()
    {
        var venue = new DeribitExchangeVenue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("BTC-USD");

        var streams = venue.GetStreams(instrument, Everything);

        Assert.Equal(["trades.BTC-PERPETUAL.100ms", "book.BTC-PERPETUAL.100ms", "quote.BTC-PERPETUAL", "ticker.BTC-PERPETUAL.100ms"], streams.Select(s => s.Name));
        Assert.Equal([DataType.Trade, DataType.Liquidation], streams[0].DataTypes);
        Assert.Equal([DataType.BookDelta, DataType.BookSnapshot], streams[1].DataTypes);
        Assert.Equal([DataType.FundingRate, DataType.OpenInterest, DataType.MarkPrice], streams[3].DataTypes);
        Assert.All(streams, stream => Assert.Equal("public", stream.ConnectionGroup));
    }

    [Fact]
    public void Only_the_wanted_types_are_subscribed_and_liquidations_alone_still_need_the_trades()
    {
        var venue = new DeribitExchangeVenue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("ETH-USD");

        var streams = venue.GetStreams(instrument, new HashSet<DataType> { DataType.Liquidation, DataType.MarkPrice });

        Assert.Equal(["trades.ETH-PERPETUAL.100ms", "ticker.ETH-PERPETUAL.100ms"], streams.Select(s => s.Name));
        Assert.Equal([DataType.Liquidation], streams[0].DataTypes);
        Assert.Equal([DataType.MarkPrice], streams[1].DataTypes);
    }

    [Fact]
    public void Futures_and_options_have_no_funding_and_only_the_option_market_has_the_volatility_index()
    {
        var futures = new DeribitExchangeVenue(MarketType.Futures);
        var options = new DeribitExchangeVenue(MarketType.Option);

        Assert.DoesNotContain(DataType.FundingRate, futures.SupportedDataTypes);
        Assert.DoesNotContain(DataType.VolatilityIndex, futures.SupportedDataTypes);
        Assert.Contains(DataType.VolatilityIndex, options.SupportedDataTypes);
        Assert.Equal(
            ["ticker.BTC-27DEC24.100ms"],
            futures.GetStreams(futures.CreateInstrument("BTC-27DEC24"), new HashSet<DataType> { DataType.FundingRate, DataType.OpenInterest }).Select(s => s.Name));
        Assert.Equal(
            ["deribit_volatility_index.btc_usd"],
            options.GetStreams(options.CreateInstrument("BTC-USD"), Everything).Select(s => s.Name));
        Assert.Equal(
            ["trades.BTC-27DEC24-100000-C.100ms", "book.BTC-27DEC24-100000-C.100ms", "quote.BTC-27DEC24-100000-C", "ticker.BTC-27DEC24-100000-C.100ms"],
            options.GetStreams(options.CreateInstrument("BTC-27DEC24-100000-C"), Everything).Select(s => s.Name));
    }

    [Fact]
    public void The_connection_asks_for_heartbeats_first_and_answers_test_requests_with_public_test()
    {
        IExchangeVenue venue = new DeribitExchangeVenue(MarketType.Perpetual);
        var ids = new Queue<long>([41, 42]);

        var opening = Assert.Single(venue.GetOpeningRequests(ids.Dequeue));

        Assert.Equal("""{"jsonrpc":"2.0","id":41,"method":"public/set_heartbeat","params":{"interval":10}}""", Text(opening));
        Assert.Equal("""{"jsonrpc":"2.0","id":7,"method":"public/test","params":{}}""", Text(venue.BuildHeartbeatReply(7)));
        Assert.Null(venue.KeepAlive);
    }

    [Theory]
    [InlineData("wss://www.deribit.com", "wss://www.deribit.com/ws/api/v2")]
    [InlineData("wss://www.deribit.com/ws/api/v2", "wss://www.deribit.com/ws/api/v2")]
    [InlineData("ws://127.0.0.1:8765/deribit", "ws://127.0.0.1:8765/deribit/ws/api/v2")]
    [InlineData("ws://127.0.0.1:8765/deribit/", "ws://127.0.0.1:8765/deribit/ws/api/v2")]
    public void The_websocket_address_keeps_the_base_path(string baseAddress, string expected) =>
        Assert.Equal(new Uri(expected), new DeribitExchangeVenue(MarketType.Option).GetConnectionUri(new Uri(baseAddress), "public"));

    [Fact]
    public void Books_are_in_band_and_nothing_is_polled()
    {
        var venue = new DeribitExchangeVenue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("BTC-USD");

        Assert.Equal(BookSnapshotSource.InBand, venue.BookRules.SnapshotSource);
        Assert.Empty(venue.GetPolls(instrument, Everything));
        Assert.False(venue.HasContiguousTradeIds);
        Assert.Null(venue.Limits.ConnectionLifetime);
        Assert.Equal(
            new RestRequest("/api/v2/public/get_order_book?instrument_name=BTC-PERPETUAL&depth=1000", "get_order_book", 1),
            venue.GetDepthSnapshotRequest(instrument, 1000));
        Assert.Equal("/api/v2/public/get_order_book?instrument_name=BTC-PERPETUAL&depth=10000", venue.GetDepthSnapshotRequest(instrument, 5000).PathAndQuery);
    }

    [Fact]
    public void Unsupported_markets_and_symbols_are_refused_with_the_reason()
    {
        Assert.Throws<ArgumentException>(() => new DeribitExchangeVenue(MarketType.Spot));
        var error = Assert.Throws<ArgumentException>(() => new DeribitExchangeVenue(MarketType.Futures).CreateInstrument("BTC-USD"));
        Assert.StartsWith("'BTC-USD': a Deribit future must be given as its instrument name", error.Message, StringComparison.Ordinal);
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
