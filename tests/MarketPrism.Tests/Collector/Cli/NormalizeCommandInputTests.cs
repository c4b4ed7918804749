using System.Text;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary>
/// <c>normalize</c> on damaged input (issue 15): a bad line is an error naming its line and the reason, the lines after
/// it still normalize, nothing is repaired, and the summary counts every line.
/// </summary>
public sealed class NormalizeCommandInputTests
{
    private const string Trade = """{"stream":"btcusdt@trade","data":{"e":"trade","E":1626916403000,"s":"BTCUSDT","t":5,"p":"1.5","q":"2","T":1626916403000,"m":true}}""";

    /// <summary>Frames without a receive time are stamped with this: shortly after the trade.</summary>
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2021, 7, 22, 1, 13, 24, TimeSpan.Zero));

    private static async Task<(int ExitCode, List<MarketRecord> Records, string Errors)> RunAsync(byte[] input, string? inputName = null, int maxLineBytes = 1024)
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        var exitCode = await NormalizeCommand.RunAsync("binance", "spot", new MemoryStream(input), inputName, maxLineBytes, output, errors, Clock, CancellationToken.None);
        var reader = new RecordJsonReader();
        var records = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => reader.Read(Encoding.UTF8.GetBytes(line)))
            .ToList();
        return (exitCode, records, errors.ToString());
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    [Fact]
    public async Task A_receive_time_of_1e300_is_an_error_with_its_line_and_the_next_line_still_normalizes()
    {
        var (exitCode, records, errors) = await RunAsync(Lines("1e300: " + Trade, "1626916403.5: " + Trade), "capture.txt");

        Assert.Equal(ExitCodes.Failure, exitCode);
        var trade = Assert.IsType<TradeRecord>(Assert.Single(records));
        Assert.Equal(new DateTime(2021, 7, 22, 1, 13, 23, 500, DateTimeKind.Utc), trade.LocalTimestamp);
        Assert.Contains("capture.txt:1: receive time 1E+300 is out of range: expected Unix seconds from 1230768000 (2009-01-01) to before 4102444800 (2100-01-01)", errors, StringComparison.Ordinal);
        Assert.Contains("normalize: 2 frames, 1 records, 0 ignored, 1 failed; 0 other lines", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0: ")]
    [InlineData("-1626916403: ")]
    [InlineData("9999999999999: ")]
    [InlineData("1e-300: ")]
    public async Task A_receive_time_outside_2009_to_2100_is_an_error_not_a_record_in_1970_or_far_future(string prefix)
    {
        var (exitCode, records, errors) = await RunAsync(Lines(prefix + Trade));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Empty(records);
        Assert.Contains("line 1: receive time ", errors, StringComparison.Ordinal);
        Assert.Contains("1 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_frame_is_rejected_with_its_position_instead_of_repaired_and_parsed()
    {
        // The symbol holds a lone continuation byte; a text reader would turn it into U+FFFD and parse the frame.
        var damaged = Encoding.UTF8.GetBytes(Trade);
        var at = Trade.IndexOf("BTCUSDT", StringComparison.Ordinal) + 3;
        damaged[at] = 0x80;
        var overlong = Encoding.UTF8.GetBytes(Trade);
        var priceAt = Trade.IndexOf("1.5", StringComparison.Ordinal);
        overlong[priceAt] = 0xC0; // an overlong encoding's lead byte: never valid
        byte[] input = [.. damaged, (byte)'\n', .. overlong, (byte)'\n', .. Encoding.UTF8.GetBytes(Trade), (byte)'\n'];

        var (exitCode, records, errors) = await RunAsync(input);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Single(records);
        Assert.Contains($"line 1: not valid UTF-8: the sequence at byte {at + 1} of the line (0x80) is invalid; the line is skipped, not repaired", errors, StringComparison.Ordinal);
        Assert.Contains($"line 2: not valid UTF-8: the sequence at byte {priceAt + 1} of the line (0xC0) is invalid", errors, StringComparison.Ordinal);
        Assert.Contains("normalize: 3 frames, 1 records, 0 ignored, 2 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_multibyte_utf8_is_not_an_encoding_error()
    {
        // A symbol the venue does not list, spelled in valid UTF-8: the parser reports it, not the reader.
        var (_, _, errors) = await RunAsync(Lines(Trade.Replace("BTCUSDT", "BTC€USDT", StringComparison.Ordinal)));

        Assert.DoesNotContain("UTF-8", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_line_is_skipped_with_its_length_and_the_good_line_after_it_still_normalizes()
    {
        var longLine = "{\"stream\":\"btcusdt@trade\",\"data\":{\"pad\":\"" + new string('x', 100_000) + "\"}}";

        var (exitCode, records, errors) = await RunAsync(Lines(longLine, Trade), "big.txt", maxLineBytes: 1024);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.IsType<TradeRecord>(Assert.Single(records));
        Assert.Contains($"big.txt:1: {longLine.Length:N0} bytes, longer than the line limit (1KB); skipped", errors, StringComparison.Ordinal);
        Assert.Contains("normalize: 2 frames, 1 records, 0 ignored, 1 failed", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_line_is_accounted_for_as_a_record_an_ignored_frame_an_error_or_an_other_line()
    {
        var input = Lines(
            "wss://stream.binance.com:9443/stream?streams=btcusdt@trade <-> 1626916403.1",
            """wss://stream.binance.com:9443/stream?streams=btcusdt@trade <- 1626916403.2: {"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}""",
            """1626916403.3: {"result":null,"id":1}""",
            "",
            "1626916403.4: " + Trade,
            """1626916403.5: {"stream":"btcusdt@kline_1m","data":{"e":"kline"}}""",
            "1626916403.6: not json",
            "   ");

        var (exitCode, records, errors) = await RunAsync(input);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Single(records);
        Assert.Contains("line 7: ", errors, StringComparison.Ordinal);
        // 8 lines: 4 frames (1 with a record, 2 ignored, 1 failed) and 4 other lines (a connection, a request, 2 blank).
        Assert.EndsWith("normalize: 4 frames, 1 records, 2 ignored, 1 failed; 4 other lines (connections, sent requests, blank)" + Environment.NewLine, errors, StringComparison.Ordinal);
    }
}
