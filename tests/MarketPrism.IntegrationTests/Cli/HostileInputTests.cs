using System.Text;
using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.Cli;

/// <summary>
/// The executable on the hostile inputs of issue 15: each ends with the usual error and exit code, never a crash
/// (exit 134 on a stack overflow) or a stack trace.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class HostileInputTests
{
    private const string OneExchange = "exchanges:\n  - exchange: binance\n    symbols: [BTC-USDT]\n";

    [Theory]
    [InlineData("nested", "x: ", "hostile.yaml:4:67: x[0]", "the YAML nests deeper than 64 levels here")]
    [InlineData("duration", "collector:\n  shutdown_timeout: 922337203686s", "hostile.yaml:5:21: collector.shutdown_timeout", "out of range for a duration")]
    public async Task Validate_config_reports_a_hostile_config_as_a_config_error_with_exit_code_2(string kind, string tail, string where, string why)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("hostile.yaml");
        var yaml = kind == "nested" ? OneExchange + tail + new string('[', 50_000) + new string(']', 50_000) + "\n" : OneExchange + tail + "\n";
        await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);

        await using var process = ChildProcess.StartMarketPrism(["validate-config", "--config", path], directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(where, process.Output, StringComparison.Ordinal);
        Assert.Contains(why, process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Normalize_reports_each_bad_line_and_still_normalizes_the_good_one_after_them()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("capture.txt");
        const string trade = """{"stream":"btcusdt@trade","data":{"e":"trade","E":1626916403000,"s":"BTCUSDT","t":5,"p":"1.5","q":"2","T":1626916403000,"m":true}}""";
        var invalid = Encoding.UTF8.GetBytes(trade);
        invalid[trade.IndexOf("BTCUSDT", StringComparison.Ordinal)] = 0xFF;
        byte[] content =
        [
            .. Encoding.UTF8.GetBytes("1e300: " + trade + "\n"),
            .. invalid, (byte)'\n',
            .. Encoding.UTF8.GetBytes(new string('x', 5000) + "\n"),
            .. Encoding.UTF8.GetBytes("1626916403.5: " + trade + "\n"),
        ];
        await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);

        await using var process = ChildProcess.StartMarketPrism(["normalize", "-e", "binance", "-m", "spot", "--max-line-size", "1KB", "--input", path], directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains($"{path}:1: receive time 1E+300 is out of range", process.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}:2: not valid UTF-8", process.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}:3: 5,000 bytes, longer than the line limit (1KB); skipped", process.Output, StringComparison.Ordinal);
        Assert.Contains("\"trade_id\":\"5\"", process.Output, StringComparison.Ordinal);
        Assert.Contains("normalize: 4 frames, 1 records, 0 ignored, 3 failed; 0 other lines", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }
}
