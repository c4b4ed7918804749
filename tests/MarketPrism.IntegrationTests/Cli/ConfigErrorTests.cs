using MarketPrism.IntegrationTests.Infrastructure;

namespace MarketPrism.IntegrationTests.Cli;

/// <summary>The executable refuses a bad config before connecting anywhere: exit code 2 and an error naming the key and its position.</summary>
[Collection(ProcessTests.Name)]
public sealed class ConfigErrorTests
{
    [Theory]
    [InlineData("collect")]
    [InlineData("validate-config")]
    public async Task A_bad_config_stops_start_up_with_exit_code_2_and_names_the_key_and_position(string verb)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("bad.yaml");
        await File.WriteAllTextAsync(path, """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                ws_urll: wss://stream.binance.com:9443
            pipeline:
              batch_size: lots
            """, TestContext.Current.CancellationToken);

        await using var process = ChildProcess.StartMarketPrism([verb, "--config", path], directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("bad.yaml:4:5: exchanges[0].ws_urll", process.Output, StringComparison.Ordinal);
        Assert.Contains("ws_url", process.Output, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:6:15: pipeline.batch_size", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_default_config_validates_and_lists_what_it_would_collect()
    {
        using var directory = new TempDirectory();

        await using var process = ChildProcess.StartMarketPrism(["validate-config"], directory.Path);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Contains("binance-spot: BTC-USDT, ETH-USDT", process.Output, StringComparison.Ordinal);
        Assert.Contains("binance-perpetual: BTC-USDT, ETH-USDT", process.Output, StringComparison.Ordinal);
        Assert.Contains("wss://fstream.binance.com", process.Output, StringComparison.Ordinal);
    }
}
