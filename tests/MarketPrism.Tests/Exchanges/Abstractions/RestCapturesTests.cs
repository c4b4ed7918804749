using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Abstractions;

/// <summary>
/// Every REST request the collector makes on every market of every plug-in is recognized in a capture as that
/// request (so <c>normalize</c> turns its body into the records the collector writes), also behind a proxy's path
/// prefix, and requests the collector never makes are not.
/// </summary>
public sealed class RestCapturesTests
{
    /// <summary>An exchange symbol per market; a market without one fails <see cref="Every_market_of_every_plugin_has_a_sample_symbol"/>.</summary>
    public static readonly TheoryData<string, string, string> Samples = new()
    {
        { "binance", "spot", "BTCUSDT" },
        { "binance", "perpetual", "BTCUSDT" },
        { "bybit", "spot", "BTCUSDT" },
        { "bybit", "perpetual", "BTCUSDT" },
        { "bybit", "perpetual", "BTCUSD" },
        { "okx", "spot", "BTC-USDT" },
        { "okx", "perpetual", "BTC-USDT-SWAP" },
        { "okx", "futures", "BTC-USD-220527" },
        { "deribit", "perpetual", "BTC-PERPETUAL" },
        { "deribit", "futures", "BTC-24SEP21" },
        { "deribit", "option", "BTC-24SEP21-8000-P" },
        { "coinbase", "spot", "BTC-USD" },
        { "coinbase", "futures", "BIT-24APR26-CDE" },
        { "hyperliquid", "perpetual", "BTC" },
    };

    [Fact]
    public void Every_market_of_every_plugin_has_a_sample_symbol()
    {
        var sampled = Samples.Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();

        Assert.All(
            ExchangeCatalog.All.SelectMany(plugin => plugin.Markets),
            market => Assert.Contains((market.Exchange, market.MarketType.ToWireName()), sampled));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_poll_and_the_depth_snapshot_the_collector_requests_is_recognized_as_that_request(string exchange, string market, string exchangeSymbol)
    {
        var plugin = ExchangeCatalog.Get(exchange);
        var venue = VenueCatalog.Get(exchange, Enum.Parse<MarketType>(market, ignoreCase: true));
        var instruments = venue.CreateInstrumentTable([]);
        Assert.True(instruments.TryGet(exchangeSymbol, out var instrument));
        var requests = venue.GetPolls(instrument, venue.SupportedDataTypes).Select(poll => poll.Request).Append(venue.GetDepthSnapshotRequest(instrument, 50));

        foreach (var request in requests)
        {
            foreach (var url in new[] { new Uri(venue.DefaultRestUrl, request.PathAndQuery), new Uri("http://127.0.0.1:8080/proxy/" + exchange + request.PathAndQuery) })
            {
                var recognized = plugin.RecognizeRestResponse(venue, url, instruments);

                Assert.True(recognized is not null, $"{url} is not recognized");
                if (request.IsPost)
                {
                    // Every POST goes to one address with the parameters in a body a capture does not keep: the
                    // answer's own content names the request and the instrument (HyperliquidExchangeVenueTests).
                    Assert.Null(recognized.Instrument);
                    continue;
                }

                Assert.Equal(request.Endpoint, recognized.Request.Endpoint);
                Assert.Same(instrument, recognized.Instrument);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Requests_the_collector_never_makes_are_not_recognized(string exchange, string market, string exchangeSymbol)
    {
        var plugin = ExchangeCatalog.Get(exchange);
        var venue = VenueCatalog.Get(exchange, Enum.Parse<MarketType>(market, ignoreCase: true));
        var instruments = venue.CreateInstrumentTable([]);

        Assert.Null(plugin.RecognizeRestResponse(venue, new Uri(venue.DefaultRestUrl, "/time"), instruments));
        Assert.Null(plugin.RecognizeRestResponse(venue, new Uri(venue.DefaultRestUrl, $"/klines?symbol={exchangeSymbol}&instId={exchangeSymbol}&instrument_name={exchangeSymbol}"), instruments));
    }

    [Fact]
    public void A_request_the_collector_makes_for_a_symbol_the_market_cannot_read_is_an_error_naming_it()
    {
        var venue = VenueCatalog.Get("binance", MarketType.Spot);

        var error = Assert.Throws<FormatException>(() =>
            ExchangeCatalog.Get("binance").RecognizeRestResponse(venue, new Uri("https://api.binance.com/api/v3/depth?symbol=%3F%3F&limit=5"), venue.CreateInstrumentTable([])));

        Assert.Equal("/api/v3/depth response for an unknown symbol '??'", error.Message);
    }
}
