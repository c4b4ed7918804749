using System.CommandLine;

namespace MarketPrism.Collector.Cli;

internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Path of the YAML config. Default: ./config/collector.yaml, else the copy beside the executable.",
    };
}
