using System.Text;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary><c>normalize --exchange bybit</c> over the recorded Bybit files, as it works for Binance.</summary>
public sealed class BybitNormalizeCommandTests
{
    private static string Recording(string name) => Path.Combine(AppContext.BaseDirectory, "recordings", "bybit", name);

    private static async Task<(int ExitCode, List<MarketRecord> Records, string[] Lines, string Errors)> RunAsync(string market, Stream input)
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        var exitCode = await NormalizeCommand.RunAsync("bybit", market, input, output, errors, new FakeTimeProvider(NormalizeCommandTests.RunTime), CancellationToken.None);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var reader = new RecordJsonReader();
        return (exitCode, lines.Select(line => reader.Read(Encoding.UTF8.GetBytes(line))).ToList(), lines, errors.ToString());
    }

    [Fact]
    public async Task The_orderbook_session_is_one_book_snapshot_of_every_level_then_49_book_deltas()
    {
        await using var input = File.OpenRead(Recording("2024-12-01_XRPUSDT_ob500.data"));

        var (exitCode, records, _, errors) = await RunAsync("perpetual", input);

        Assert.Equal(0, exitCode);
        Assert.Contains("normalize: 50 frames, 50 records, 0 ignored, 0 failed", errors, StringComparison.Ordinal);
        var snapshot = Assert.IsType<BookSnapshotRecord>(records[0]);
        Assert.Equal((500, 500, 500, 20254869L), (snapshot.Depth, snapshot.Bids.Length, snapshot.Asks.Length, snapshot.LastUpdateId));
        Assert.All(records.Skip(1), record => Assert.IsType<BookDeltaRecord>(record));
        Assert.All(records, record => Assert.Equal(("bybit", MarketType.Perpetual, "XRP-USDT", "XRPUSDT"), (record.ExchangeName, record.MarketType, record.SymbolName, record.ExchangeSymbol)));
    }

    [Fact]
    public async Task The_tardis_messages_normalize_with_liquidations_turned_into_the_order_side()
    {
        await using var input = File.OpenRead(Recording("tardis-node_mappers_bybit-v5.ndjson"));

        var (exitCode, records, lines, errors) = await RunAsync("perpetual", input);

        Assert.Equal(0, exitCode);
        Assert.Contains("normalize: 15 frames, 22 records, 1 ignored, 0 failed", errors, StringComparison.Ordinal);
        Assert.Equal(
            """{"data_type":"liquidation","exchange_name":"bybit","market_type":"perpetual","symbol_name":"PIPPIN-USDT","exchange_symbol":"PIPPINUSDT","timestamp":"2025-02-25T10:43:27.110Z","local_timestamp":"2026-06-01T00:00:00.000Z","liquidation_id":null,"side":"buy","price":0.02456,"quantity":2846,"leverage":null,"instrument_type":"swap"}""",
            lines[^1]);
        Assert.Contains(records, record => record is FundingRateRecord { SymbolName: "BTC-USDT", FundingRate: 0.0001m });
    }

    [Fact]
    public async Task Spot_frames_normalize_on_the_spot_market()
    {
        var text = """{"topic":"publicTrade.XRPUSDT","type":"snapshot","ts":1733011200700,"data":[{"i":"2290000000061666327","T":1733011200698,"p":"1.9531","v":"120.5","S":"Sell","s":"XRPUSDT","BT":false}]}""";
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text + "\n"));

        var (exitCode, records, lines, _) = await RunAsync("spot", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(MarketType.Spot, Assert.Single(records).MarketType);
        Assert.Contains("\"trade_id\":\"2290000000061666327\"", lines[0], StringComparison.Ordinal);
    }
}
