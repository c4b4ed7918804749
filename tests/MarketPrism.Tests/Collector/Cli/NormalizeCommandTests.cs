using System.Text;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Cli;

public sealed class NormalizeCommandTests
{
    /// <summary>
    /// The clock of a run: frames without a recorded receive time are stamped with it, and an exchange time more than a
    /// day after the receive time is impossible, so it lies after every recorded frame, as a real run's clock does.
    /// </summary>
    internal static readonly DateTimeOffset RunTime = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Recording(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "recordings", .. parts]);

    private static async Task<(int ExitCode, List<MarketRecord> Records, string[] Lines, string Errors)> RunAsync(string market, Stream input, string exchange = "binance")
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        var exitCode = await NormalizeCommand.RunAsync(exchange, market, input, output, errors, new FakeTimeProvider(RunTime), CancellationToken.None);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var reader = new RecordJsonReader();
        return (exitCode, lines.Select(line => reader.Read(Encoding.UTF8.GetBytes(line))).ToList(), lines, errors.ToString());
    }

    [Fact]
    public async Task The_spot_capture_normalizes_every_frame_with_the_capture_receive_time()
    {
        await using var input = File.OpenRead(Recording("binance", "BINANCE.ws.1.0"));

        var (exitCode, records, lines, errors) = await RunAsync("spot", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(177, records.Count(record => record.DataType == DataType.BookDelta));
        Assert.Equal(84, records.Count(record => record.DataType == DataType.BestBidAsk));
        Assert.Equal(2, records.Count(record => record.DataType == DataType.Trade));
        Assert.Contains("0 failed", errors, StringComparison.Ordinal);
        Assert.Equal(
            """{"data_type":"book_delta","exchange_name":"binance","market_type":"spot","symbol_name":"NKN-USDT","exchange_symbol":"NKNUSDT","timestamp":"2021-10-12T00:28:32.068Z","local_timestamp":"2021-10-12T00:28:32.063Z","bids":[[0.35130000,6195.00000000],[0.34750000,5548.00000000],[0.34640000,6222.00000000]],"asks":[],"first_update_id":499869750,"last_update_id":499869752,"depth":null}""",
            lines[0]);
    }

    [Fact]
    public async Task Recorded_rest_depth_responses_become_book_snapshots()
    {
        await using var input = File.OpenRead(Recording("binance", "BINANCE.http.0.0"));

        var (exitCode, records, _, _) = await RunAsync("spot", input);

        Assert.Equal(0, exitCode);
        var snapshots = records.Cast<BookSnapshotRecord>().ToList();
        Assert.Equal(["NKN-USDT", "BLZ-ETH", "LRC-BTC", "RUNE-EUR"], snapshots.Select(snapshot => snapshot.SymbolName));
        Assert.Equal(499869752, snapshots[0].LastUpdateId);
        Assert.Equal(0.35210000m, snapshots[0].Bids[0].Price);
    }

    [Fact]
    public async Task The_perpetual_capture_normalizes_with_perpetual_instruments()
    {
        await using var input = File.OpenRead(Recording("binance-futures", "BINANCE_FUTURES.ws.1.0"));

        var (exitCode, records, _, _) = await RunAsync("perpetual", input);

        Assert.Equal(0, exitCode);
        Assert.Equal(91, records.Count(record => record.DataType == DataType.Trade));
        Assert.All(records, record => Assert.Equal(MarketType.Perpetual, record.MarketType));
        Assert.Contains(records, record => record.SymbolName == "SUSHI-USDT");
    }

    [Fact]
    public async Task Bad_frames_go_to_stderr_with_their_line_and_reason_and_set_the_exit_code()
    {
        var text = """
            {"stream":"btcusdt@trade","data":{"e":"trade","E":1633998512068,"s":"BTCUSDT","t":5,"p":"1.5","q":"2","T":1633998512067,"m":true}}
            {"stream":"btcusdt@trade","data":{"e":"trade","E":1633998512068,"s":"BTC
            not json at all
            """;
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var (exitCode, records, _, errors) = await RunAsync("spot", input);

        Assert.Equal(1, exitCode);
        var trade = Assert.IsType<TradeRecord>(Assert.Single(records));
        Assert.Equal(Side.Sell, trade.Side);
        Assert.Contains("line 2:", errors, StringComparison.Ordinal);
        Assert.Contains("line 3:", errors, StringComparison.Ordinal);
        Assert.Contains("2 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_with_an_impossible_value_is_a_failed_line_with_the_reason_and_the_rest_still_normalize()
    {
        // Issue 15: "E":"00012" made a mark price of 1970; a crossed quote; then a valid frame of an old capture's time.
        var text = """
            {"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":"00012","s":"BTCUSDT","p":"8291.34697815","r":"0.00010000","T":1569916800000}}
            {"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":185130926750,"s":"BTCUSDT","b":"33139.40","B":"0.170","a":"33139.39","A":"0.380","T":1612137603568,"E":1612137603571}}
            {"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1569888003001,"s":"BTCUSDT","p":"8291.34697815","r":"0.00010000","T":1569916800000}}
            """;
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var (exitCode, records, _, errors) = await RunAsync("perpetual", input);

        Assert.Equal(1, exitCode);
        Assert.All(records, record => Assert.Equal(UtcTimestamp.FromUnixMilliseconds(1569888003001), record.Timestamp));
        Assert.NotEmpty(records);
        Assert.Contains("line 1: impossible value in funding_rate BTCUSDT: timestamp 1970-01-01T00:00:00.0120000Z is before 2009-01-01", errors, StringComparison.Ordinal);
        Assert.Contains("line 2: impossible value in best_bid_ask BTCUSDT: crossed quote: bid 33139.40 is above ask 33139.39", errors, StringComparison.Ordinal);
        Assert.Contains("2 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_okx_capture_normalizes_per_market_with_the_snapshot_as_a_book_snapshot()
    {
        await using var spotInput = File.OpenRead(Recording("okx", "OKX.ws.1.0"));
        await using var swapInput = File.OpenRead(Recording("okx", "OKX.ws.1.0"));
        await using var futuresInput = File.OpenRead(Recording("okx", "OKX.ws.1.0"));

        var spot = await RunAsync("spot", spotInput, "okx");
        var swap = await RunAsync("perpetual", swapInput, "okx");
        var futures = await RunAsync("futures", futuresInput, "okx");

        Assert.Equal((0, 0, 0), (spot.ExitCode, swap.ExitCode, futures.ExitCode));
        Assert.Equal((69, 25, 1, 97), Counts(spot.Records));
        Assert.Equal((1, 1, 1, 92), Counts(swap.Records));
        Assert.Equal((4, 2, 1, 98), Counts(futures.Records));
        Assert.All(swap.Records, record => Assert.Equal(("okx", MarketType.Perpetual, "UNI-USD"), (record.ExchangeName, record.MarketType, record.SymbolName)));
        Assert.Contains("0 failed", spot.Errors, StringComparison.Ordinal);
        var snapshot = Assert.IsType<BookSnapshotRecord>(Assert.Single(spot.Records, record => record.DataType == DataType.BookSnapshot));
        Assert.Equal(400, snapshot.Depth);
        Assert.StartsWith(
            """{"data_type":"trade","exchange_name":"okx","market_type":"spot","symbol_name":"BTC-USDT","exchange_symbol":"BTC-USDT","timestamp":"2022-05-13T16:27:04.818Z","local_timestamp":"2022-05-13T16:27:05.507Z","trade_id":"338476307","price":30236,"quantity":0.0002,"side":"buy"}""",
            Assert.Single(spot.Lines, line => line.Contains("338476307", StringComparison.Ordinal)),
            StringComparison.Ordinal);
    }

    private static (int Trades, int Quotes, int Snapshots, int Deltas) Counts(List<MarketRecord> records) => (
        records.Count(record => record.DataType == DataType.Trade),
        records.Count(record => record.DataType == DataType.BestBidAsk),
        records.Count(record => record.DataType == DataType.BookSnapshot),
        records.Count(record => record.DataType == DataType.BookDelta));

    [Fact]
    public async Task The_deribit_option_capture_normalizes_with_in_band_snapshots_as_book_snapshots()
    {
        await using var input = File.OpenRead(Recording("deribit", "DERIBIT.ws.1.0"));

        var (exitCode, records, lines, errors) = await RunAsync("option", input, "deribit");

        Assert.Equal(0, exitCode);
        Assert.Equal(10, records.Count(record => record.DataType == DataType.BookSnapshot));
        Assert.Equal(36, records.Count(record => record.DataType == DataType.BookDelta));
        Assert.Equal(89, records.Count(record => record.DataType == DataType.OpenInterest));
        Assert.Equal(89, records.Count(record => record.DataType == DataType.MarkPrice));
        Assert.Contains("normalize: 136 frames, 224 records, 1 ignored, 0 failed", errors, StringComparison.Ordinal);
        Assert.Contains(
            """{"data_type":"book_snapshot","exchange_name":"deribit","market_type":"option","symbol_name":"BTC-USD","exchange_symbol":"BTC-24SEP21-8000-P","timestamp":"2021-07-22T22:42:02.319Z","local_timestamp":"2021-07-22T22:42:03.849Z","bids":[[0.0005,153.1]],"asks":[[0.0015,94.7],[0.002,22.0],[0.0025,1.0],[0.003,3.0],[0.006,0.5],[0.0075,0.1],[0.009,0.1],[0.01,1.1],[0.011,0.1],[0.0145,0.1],[0.0175,0.1],[0.05,1.0],[0.1,2.0],[0.25,9.0]],"first_update_id":33195894164,"last_update_id":33195894164,"depth":14}""",
            lines);
    }

    [Fact]
    public async Task Deribit_liquidations_come_out_with_the_side_of_the_liquidation_order()
    {
        await using var input = File.OpenRead(Recording("deribit", "tardis-node_mappers_deribit.ndjson"));

        var (exitCode, _, lines, errors) = await RunAsync("perpetual", input, "deribit");

        Assert.Equal(0, exitCode);
        Assert.Contains("3 ignored, 0 failed", errors, StringComparison.Ordinal);
        var liquidations = lines.Where(line => line.StartsWith("""{"data_type":"liquidation""", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                """{"data_type":"liquidation","exchange_name":"deribit","market_type":"perpetual","symbol_name":"BTC-USD","exchange_symbol":"BTC-PERPETUAL","timestamp":"2020-03-13T00:07:24.032Z","local_timestamp":"2026-06-01T00:00:00.000Z","liquidation_id":"66460463","side":"sell","price":4469.5,"quantity":1120,"leverage":null,"instrument_type":"swap"}""",
                """{"data_type":"liquidation","exchange_name":"deribit","market_type":"perpetual","symbol_name":"BTC-USD","exchange_symbol":"BTC-PERPETUAL","timestamp":"2020-03-13T00:07:47.675Z","local_timestamp":"2026-06-01T00:00:00.000Z","liquidation_id":"66460626","side":"sell","price":4458.5,"quantity":2500,"leverage":null,"instrument_type":"swap"}""",
            ],
            liquidations);
    }

    [Fact]
    public async Task An_unknown_exchange_is_a_usage_error()
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();

        var exitCode = await NormalizeCommand.RunAsync("nasdaq", "spot", Stream.Null, output, errors, new FakeTimeProvider(), CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("binance/spot", errors.ToString(), StringComparison.Ordinal);
    }
}
