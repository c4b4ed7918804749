using System.CommandLine;
using MarketPrism.Collector.Feeds;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Cli;

/// <summary><c>validate-config</c>: checks a config and prints what it would collect, without connecting anywhere.</summary>
internal static class ValidateConfigCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("validate-config", "Check a config file (and MARKETPRISM_* overrides) and show what it would collect.") { config };
        command.SetAction(result => Run(result.GetValue(config), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string? configPath, TextWriter output, TextWriter errors)
    {
        if (ConfigSupport.TryLoad(configPath, errors) is not { } loaded)
        {
            return ExitCodes.InvalidConfiguration;
        }

        output.WriteLine($"{loaded.Path}: OK");
        foreach (var feed in FeedPlanner.Plan(loaded.Config))
        {
            var types = string.Join(", ", feed.DataTypes.Order().Select(type => type.ToWireName()));
            var symbols = string.Join(", ", feed.Instruments.Select(InstrumentLabel.Of));
            output.WriteLine($"  {feed.Name}: {symbols} [{types}] via {feed.WsUrl} and {feed.RestUrl}");
        }

        return ExitCodes.Success;
    }
}
