using MarketPrism.Collector.Cli;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary><c>validate-config</c> prints the warnings of a config that loads (deprecated spellings) with their positions.</summary>
public sealed class ValidateConfigCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("marketprism-validate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_deprecated_spelling_loads_and_is_printed_as_a_warning_naming_its_position_and_new_spelling()
    {
        var path = Path.Combine(_directory, "collector.yaml");
        File.WriteAllText(path, """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                trade_stream: agg_trade
            """);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = ValidateConfigCommand.Run(path, output, errors);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(
            $"warning: {path}:4:19: exchanges[0].trade_stream: is deprecated: write it under the entry's options as `options: {{ trade_stream: agg_trade }}`{Environment.NewLine}",
            errors.ToString());
        Assert.StartsWith($"{path}: OK, with 1 warning (above)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_in_the_new_shape_is_ok_without_warnings()
    {
        var path = Path.Combine(_directory, "collector.yaml");
        File.WriteAllText(path, """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                options: { trade_stream: agg_trade }
            """);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = ValidateConfigCommand.Run(path, output, errors);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Empty(errors.ToString());
        Assert.StartsWith($"{path}: OK{Environment.NewLine}", output.ToString(), StringComparison.Ordinal);
    }
}
