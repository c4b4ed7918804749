using System.Globalization;
using MarketPrism.Core.Model;
using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Simulator.Bybit;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>
/// Every venue at once, as users run MarketPrism: one collector process collects Binance, OKX, Bybit, Deribit and Coinbase from
/// one simulator process into one store, and each venue's data is checked against what the simulator knows it sent.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class AllVenuesEndToEndTests
{
    /// <summary>One instrument the simulator serves: where it is, how its trade ids read, and how deep its book is compared.</summary>
    private sealed record Served(
        string Exchange, MarketType Market, string Venue, string ExchangeSymbol, string TradeStream, Func<long, string> TradeId, int Depth);

    private static readonly Func<long, string> Number = number => number.ToString(CultureInfo.InvariantCulture);

    private static readonly Served[] Instruments =
    [
        .. new[] { "NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR" }.Select(symbol => new Served("binance", MarketType.Spot, CollectorRun.SpotVenue, symbol, "aggTrade", Number, 100)),
        .. new[] { "SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT" }.Select(symbol => new Served("binance", MarketType.Perpetual, CollectorRun.FuturesVenue, symbol, "aggTrade", Number, 100)),
        .. OkxConfigFile.Instruments.Select(instrument => new Served("okx", instrument.Market, OkxConfigFile.Venue, instrument.InstId, "trade", Number, 400)),
        new Served("bybit", MarketType.Spot, BybitCollectorConfig.SpotVenue, "XRPUSDT", "trade", number => BybitTradeIds.Format(true, number), 200),
        new Served("bybit", MarketType.Perpetual, BybitCollectorConfig.LinearVenue, "XRPUSDT", "trade", number => BybitTradeIds.Format(false, number), 200),
        .. DeribitConfigFile.Perpetuals.Select(name => new Served("deribit", MarketType.Perpetual, DeribitConfigFile.Venue, name, "trade", DeribitTradeId(name), 1000)),
        .. DeribitConfigFile.Options.Select(name => new Served("deribit", MarketType.Option, DeribitConfigFile.Venue, name, "trade", DeribitTradeId(name), 1000)),
        .. CoinbaseConfigFile.Products.Select(product => new Served("coinbase", MarketType.Spot, CoinbaseConfigFile.Venue, product, "trade", Number, 50)),
        new Served("hyperliquid", MarketType.Perpetual, HyperliquidConfigFile.Venue, HyperliquidConfigFile.Coin, "trade", Number, HyperliquidConfigFile.Depth),
    ];

    private static readonly string[] Exchanges = ["binance", "okx", "bybit", "deribit", "coinbase", "hyperliquid"];

    [Fact]
    public async Task Binance_okx_bybit_deribit_and_coinbase_collected_together_store_every_trade_once_and_every_book_equal_to_the_truth()
    {
        await using var run = await CollectorRun.StartAsync(["--speed", "3"], AllVenuesConfigFile.Write, AllVenuesConfigFile.ExpectedSubscriptions);
        using var http = await CollectorHttp.FromLogAsync(run.Collector);

        // Once everything the simulator sent is on the collector's sockets, the stop reads it (close handshake) and
        // drains it into the store; the scrape's check is bounded by time stamps: no settle delay.
        await run.ReplayAllSentAsync(TimeSpan.FromSeconds(120));
        var ready = await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        var health = await http.WaitForStatusAsync("health", 200, TimeSpan.FromSeconds(30));
        var scrape = await http.ScrapeTimedAsync();
        var exposition = scrape.Exposition;
        var exitCode = await run.StopCollectorAsync();

        var output = run.Collector.Output;
        Assert.True(exitCode == 0, $"collector exited with {exitCode}:{Environment.NewLine}{output}");
        Assert.Contains("Stopped cleanly", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Book resync", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sequence gap", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad frame", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost (", output, StringComparison.Ordinal);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        // The only closes are the collector's own, at shutdown: every venue's keep-alive held.
        Assert.All((await run.Simulator.StatusAsync()).ClosedConnections, connection => Assert.Contains("collector stopping", connection.Reason, StringComparison.Ordinal));

        var records = await run.ReadStoreAsync();
        foreach (var instrument in Instruments)
        {
            var generated = await run.Simulator.GeneratedIdsAsync(instrument.Venue, instrument.ExchangeSymbol, instrument.TradeStream);
            var expected = generated.Ranges.SelectMany(range => LongRange(range.First, range.Last)).Select(instrument.TradeId).ToList();
            var stored = Of(records, instrument).OfType<TradeRecord>().Select(trade => trade.TradeId.ToString()).ToList();
            Assert.True(expected.SequenceEqual(stored), $"{instrument.Exchange} {instrument.ExchangeSymbol}: {expected.Count} trades generated, {stored.Count} stored, or not the same ones in order");

            var truth = CollectorRun.ToBook(await run.Simulator.TrueBookAsync(instrument.Venue, instrument.ExchangeSymbol, instrument.Depth));
            Assert.True(
                CollectorRun.RebuildFinalBook(Of(records, instrument), instrument.ExchangeSymbol).TopEquals(truth, instrument.Depth),
                $"{instrument.Exchange} {instrument.Market.ToWireName()} {instrument.ExchangeSymbol}: the stored book differs from the simulator's truth");
        }

        foreach (var exchange in Exchanges)
        {
            Assert.Equal(1, CollectorHttp.Sample(exposition, $"marketprism_connection_status{{exchange=\"{exchange}\"}}"));
            CollectorHttp.AssertEveryStoredRecordCounted(scrape, records, exchange);
        }

        // Each venue's own record types made it through the shared pipeline beside the others'.
        Assert.Contains(records, record => record is LongShortRatioRecord { ExchangeName: "binance" });
        Assert.Contains(records, record => record is LongShortRatioRecord { ExchangeName: "okx" });
        Assert.Contains(records, record => record is FundingRateRecord { ExchangeName: "okx" });
        Assert.Contains(records, record => record is FundingRateRecord { ExchangeName: "bybit" });
        Assert.Contains(records, record => record is LiquidationRecord { ExchangeName: "deribit" });
        Assert.Contains(records, record => record is LiquidationRecord { ExchangeName: "bybit" });
        Assert.Contains(records, record => record is VolatilityIndexRecord { ExchangeName: "deribit" });
        Assert.Contains(records, record => record is OpenInterestRecord { ExchangeName: "binance" });
    }

    private static IEnumerable<MarketRecord> Of(List<MarketRecord> records, Served instrument) =>
        records.Where(record => record.ExchangeName == instrument.Exchange
            && record.MarketType == instrument.Market
            && record.Instrument.ExchangeSymbol == instrument.ExchangeSymbol);

    /// <summary>Deribit trade ids are numbers for BTC and <c>ETH-{number}</c> for ETH; the simulator reports the number.</summary>
    private static Func<long, string> DeribitTradeId(string instrument) =>
        instrument.StartsWith("ETH", StringComparison.Ordinal)
            ? number => string.Create(CultureInfo.InvariantCulture, $"ETH-{number}")
            : Number;

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }
}
