using System.CommandLine;
using MarketPrism.Collector.Feeds;
using MarketPrism.Collector.Hosting;
using MarketPrism.Collector.Logging;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Cli;

/// <summary><c>collect</c>: runs the collector until SIGINT/SIGTERM, then drains everything to the sinks.</summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("collect", "Collect market data into the configured sinks until stopped (Ctrl+C or SIGTERM drains and exits).") { config };
        command.SetAction((result, _) => RunAsync(result.GetValue(config)));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath)
    {
        if (ConfigSupport.TryLoad(configPath, Console.Error) is not { } loaded)
        {
            return ExitCodes.InvalidConfiguration;
        }

        var config = loaded.Config;
        using var loggerFactory = LoggingSetup.Create(config.Collector.LogFormat, config.Collector.LogLevel);
        var logger = loggerFactory.CreateLogger("MarketPrism.Collector");
        foreach (var warning in loaded.Warnings)
        {
            // Once, at start: the config is read once per run.
            CollectorLog.ConfigWarning(logger, warning.ToString());
        }

        var time = TimeProvider.System;
        var runtime = new CollectorRuntime(
            config,
            loaded.Path,
            FeedPlanner.Plan(config),
            SinkFactory.Create(config, time, loggerFactory),
            loggerFactory,
            time);
        using var signal = new StopSignal(() => CollectorLog.ForcedExit(logger));
        return await runtime.RunAsync(signal.Token);
    }
}
