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

        ConfigSupport.PrintWarnings(loaded.Warnings, errors);
        output.WriteLine(loaded.Warnings.Count == 0 ? $"{loaded.Path}: OK" : $"{loaded.Path}: OK, with {loaded.Warnings.Count} warning{(loaded.Warnings.Count == 1 ? "" : "s")} (above)");
        foreach (var feed in FeedPlanner.Plan(loaded.Config))
        {
            var types = string.Join(", ", feed.DataTypes.Order().Select(type => type.ToWireName()));
            var symbols = string.Join(", ", feed.Instruments.Select(InstrumentLabel.Of));
            output.WriteLine($"  {feed.Name}: {symbols} [{types}] via {feed.WsUrl} and {feed.RestUrl}");
        }

        var sinks = loaded.Config.Sinks;
        if (sinks.File.Enabled)
        {
            output.WriteLine($"  sink file: {sinks.File.Format.ToString().ToLowerInvariant()} files under {sinks.File.Directory}");
        }

        if (sinks.Nats.Enabled)
        {
            var core = sinks.Nats.CoreDataTypes.Count == 0 ? "" : $"; core NATS for {string.Join(", ", sinks.Nats.CoreDataTypes)}";
            output.WriteLine($"  sink nats: stream {sinks.Nats.Stream} on {RedactCredentials(sinks.Nats.Url)}{core}");
        }

        if (sinks.Clickhouse.Enabled)
        {
            output.WriteLine($"  sink clickhouse: database {sinks.Clickhouse.Database} on {sinks.Clickhouse.Url}");
        }

        if (sinks.Spool.Enabled && (sinks.Nats.Enabled || sinks.Clickhouse.Enabled))
        {
            output.WriteLine($"  spool: {sinks.Spool.Directory}/<sink>, up to {sinks.Spool.MaxSize} per sink, when full {ConfigTypeName(sinks.Spool.FullPolicy)}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Hides a password written into a server URL (<c>nats://user:secret@host</c>).</summary>
    private static string RedactCredentials(string urls) =>
        string.Join(",", urls.Split(',').Select(url =>
        {
            var at = url.IndexOf('@', StringComparison.Ordinal);
            var scheme = url.IndexOf("://", StringComparison.Ordinal);
            return at > 0 && scheme > 0 && at > scheme ? string.Concat(url.AsSpan(0, scheme + 3), "***", url.AsSpan(at)) : url;
        }));

    private static string ConfigTypeName(Enum value) => Configuration.ConfigType.KeyOf(value.ToString());
}
