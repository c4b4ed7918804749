using System.Text;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

public sealed class OkxExchangeVenueTests
{
    private static readonly HashSet<DataType> Everything = [.. WireNames.AllDataTypes];

    private static OkxExchangeVenue Venue(MarketType market) => (OkxExchangeVenue)VenueCatalog.Get("okx", market);

    [Fact]
    public void A_perpetual_subscribes_every_public_channel_it_has_on_one_public_connection()
    {
        var venue = Venue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("BTC-USDT");

        var streams = venue.GetStreams(instrument, Everything);

        Assert.Equal(
            ["trades:BTC-USDT-SWAP", "books:BTC-USDT-SWAP", "bbo-tbt:BTC-USDT-SWAP", "funding-rate:BTC-USDT-SWAP", "open-interest:BTC-USDT-SWAP", "mark-price:BTC-USDT-SWAP", "liquidation-orders:SWAP"],
            streams.Select(stream => stream.Name));
        Assert.All(streams, stream => Assert.Equal("public", stream.ConnectionGroup));
        Assert.Equal([DataType.BookDelta, DataType.BookSnapshot], streams[1].DataTypes);
        Assert.Equal(new Uri("wss://ws.okx.com:8443/ws/v5/public"), venue.GetConnectionUri(venue.DefaultWsUrl, "public"));
        Assert.Equal(new Uri("ws://127.0.0.1:8765/okx/ws/v5/public"), venue.GetConnectionUri(new Uri("ws://127.0.0.1:8765/okx/"), "public"));
    }

    [Fact]
    public void Spot_and_futures_subscribe_only_what_their_market_has()
    {
        var spot = Venue(MarketType.Spot);
        var futures = Venue(MarketType.Futures);

        var spotStreams = spot.GetStreams(spot.CreateInstrument("BTC-USDT"), Everything);
        var futuresStreams = futures.GetStreams(futures.CreateInstrument("BTC-USD-220527"), Everything);

        Assert.Equal(["trades:BTC-USDT", "books:BTC-USDT", "bbo-tbt:BTC-USDT"], spotStreams.Select(stream => stream.Name));
        Assert.Equal(
            ["trades:BTC-USD-220527", "books:BTC-USD-220527", "bbo-tbt:BTC-USD-220527", "open-interest:BTC-USD-220527", "mark-price:BTC-USD-220527", "liquidation-orders:FUTURES"],
            futuresStreams.Select(stream => stream.Name));
        Assert.DoesNotContain(DataType.FundingRate, futures.SupportedDataTypes);
        Assert.DoesNotContain(DataType.Liquidation, spot.SupportedDataTypes);
        Assert.DoesNotContain(DataType.VolatilityIndex, Venue(MarketType.Perpetual).SupportedDataTypes);
    }

    [Fact]
    public void Subscribe_requests_send_one_argument_per_stream_and_the_shared_liquidation_channel_once()
    {
        var venue = Venue(MarketType.Perpetual);
        var streams = new[] { venue.CreateInstrument("BTC-USDT"), venue.CreateInstrument("ETH-USD") }
            .SelectMany(instrument => venue.GetStreams(instrument, new HashSet<DataType> { DataType.Trade, DataType.Liquidation }))
            .ToList();

        var subscribe = Encoding.UTF8.GetString(venue.BuildSubscribeRequest(streams, 7).Span);
        var unsubscribe = Encoding.UTF8.GetString(venue.BuildUnsubscribeRequest(streams[..1], 8).Span);

        Assert.Equal(
            """{"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT-SWAP"},{"channel":"liquidation-orders","instType":"SWAP"},{"channel":"trades","instId":"ETH-USD-SWAP"}]}""",
            subscribe);
        Assert.Equal("""{"op":"unsubscribe","args":[{"channel":"trades","instId":"BTC-USDT-SWAP"}]}""", unsubscribe);
    }

    [Fact]
    public void The_keep_alive_is_a_text_ping_after_fifteen_seconds_of_silence()
    {
        var keepAlive = ((IExchangeVenue)Venue(MarketType.Spot)).KeepAlive!;

        Assert.Equal(TimeSpan.FromSeconds(15), keepAlive.Interval);
        Assert.Equal(KeepAliveTrigger.AfterSilence, keepAlive.Trigger);
        Assert.Equal("ping", Encoding.UTF8.GetString(keepAlive.Message.Span));
    }

    [Fact]
    public void Polls_cover_funding_open_interest_and_the_three_long_short_ratios()
    {
        var venue = Venue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("BTC-USD");

        var polls = venue.GetPolls(instrument, Everything);

        Assert.Equal(
            [
                ("funding_rate", "/api/v5/public/funding-rate?instId=BTC-USD-SWAP"),
                ("open_interest", "/api/v5/public/open-interest?instType=SWAP&instId=BTC-USD-SWAP"),
                ("long_short_ratio", "/api/v5/rubik/stat/contracts/long-short-position-ratio-contract-top-trader?instId=BTC-USD-SWAP&period=5m&limit=1"),
                ("long_short_ratio", "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract-top-trader?instId=BTC-USD-SWAP&period=5m&limit=1"),
                ("long_short_ratio", "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract?instId=BTC-USD-SWAP&period=5m&limit=1"),
            ],
            polls.Select(poll => (poll.Job, poll.Request.PathAndQuery)));
        Assert.Empty(Venue(MarketType.Spot).GetPolls(Venue(MarketType.Spot).CreateInstrument("BTC-USDT"), Everything));
        Assert.DoesNotContain(Venue(MarketType.Futures).GetPolls(Venue(MarketType.Futures).CreateInstrument("BTC-USD-220527"), Everything), poll => poll.Job == "funding_rate");
    }

    [Fact]
    public void A_long_short_period_polled_twice_is_handed_on_once()
    {
        var venue = Venue(MarketType.Perpetual);
        var poll = venue.GetPolls(venue.CreateInstrument("BTC-USDT"), new HashSet<DataType> { DataType.LongShortRatio })[0];
        var local = UtcTimestamp.FromUnixMilliseconds(1_701_417_700_000);
        var output = new List<MarketRecord>();

        poll.Parse("""{"code":"0","data":[["1701417600000","1.25"]],"msg":""}"""u8, local, NoMarkPrice.Instance, output);
        poll.Parse("""{"code":"0","data":[["1701417600000","1.25"]],"msg":""}"""u8, local, NoMarkPrice.Instance, output);
        poll.Parse("""{"code":"0","data":[["1701417900000","1.31"]],"msg":""}"""u8, local, NoMarkPrice.Instance, output);

        Assert.Equal([1.25m, 1.31m], output.Cast<LongShortRatioRecord>().Select(record => record.LongShortRatio));
        Assert.All(output.Cast<LongShortRatioRecord>(), record => Assert.Equal(LongShortRatioKind.TopPosition, record.Kind));
    }

    [Fact]
    public void The_open_interest_poll_values_coins_with_the_mark_price_the_runtime_has_seen()
    {
        var venue = Venue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("BTC-USDT");
        var poll = venue.GetPolls(instrument, new HashSet<DataType> { DataType.OpenInterest })[0];
        var output = new List<MarketRecord>();

        poll.Parse("""{"code":"0","data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"100","oiCcy":"1","ts":"1597026383085"}],"msg":""}"""u8, DateTime.UnixEpoch, new FixedMarkPrice(30000m), output);

        Assert.Equal(30000m, Assert.IsType<OpenInterestRecord>(Assert.Single(output)).OpenInterestValue);
    }

    [Fact]
    public void The_parser_of_a_collecting_feed_keeps_only_its_own_instruments_liquidations()
    {
        var venue = Venue(MarketType.Perpetual);
        var collecting = venue.CreateParser(venue.CreateInstrumentTable([venue.CreateInstrument("BTC-USDT")]));
        var normalizing = venue.CreateParser(venue.CreateInstrumentTable([]));
        var frame = """{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkPx":"1","posSide":"long","side":"sell","sz":"3","ts":"1717032513283"}],"instId":"ETH-USDT-SWAP","instType":"SWAP"}]}"""u8.ToArray();

        Assert.Equal(FrameKind.Ignored, collecting.Parse(frame, OkxRecordings.UnrecordedReceiveTime, []).Kind);
        Assert.Equal(FrameKind.Data, normalizing.Parse(frame, OkxRecordings.UnrecordedReceiveTime, []).Kind);
    }

    [Fact]
    public void A_rest_book_is_asked_from_market_books_with_at_most_the_400_levels_okx_serves()
    {
        var venue = Venue(MarketType.Perpetual);
        var instrument = venue.CreateInstrument("BTC-USDT");

        Assert.Equal(BookSnapshotSource.InBandWithRestFallback, venue.BookRules.SnapshotSource);
        Assert.Equal(
            new RestRequest("/api/v5/market/books?instId=BTC-USDT-SWAP&sz=400", "depth", 1),
            venue.GetDepthSnapshotRequest(instrument, 1000));
        Assert.Equal("/api/v5/market/books?instId=BTC-USDT-SWAP&sz=20", venue.GetDepthSnapshotRequest(instrument, 20).PathAndQuery);
        Assert.Equal(320237917986, venue.ParseDepthSnapshot(OkxRecordings.RestBooks(), DateTime.UnixEpoch).LastUpdateId);
        Assert.False(venue.HasContiguousTradeIds);
    }

    [Fact]
    public void An_unknown_symbol_is_rejected_with_the_okx_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => Venue(MarketType.Futures).CreateInstrument("BTC-USD"));

        Assert.StartsWith("'BTC-USD': an OKX dated future must be given as its instrument id", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoMarkPrice : IPollContext
    {
        public static readonly NoMarkPrice Instance = new();

        public decimal? GetMarkPrice(Instrument instrument) => null;
    }

    private sealed class FixedMarkPrice(decimal mark) : IPollContext
    {
        public decimal? GetMarkPrice(Instrument instrument) => mark;
    }
}
