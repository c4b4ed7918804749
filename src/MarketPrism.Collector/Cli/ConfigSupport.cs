using MarketPrism.Collector.Configuration;
using MarketPrism.Exchanges;

namespace MarketPrism.Collector.Cli;

/// <summary>Finds, loads and validates the config for a verb, printing every error to stderr.</summary>
internal static class ConfigSupport
{
    /// <summary>Scheduler jobs the collector knows how to run.</summary>
    public static readonly string[] KnownJobs = [Scheduling.JobNames.FundingRate, Scheduling.JobNames.OpenInterest, Scheduling.JobNames.LiquidationMonitor, Scheduling.JobNames.LongShortRatio];

    public static ConfigLoader CreateLoader() => new(VenueCatalog.Exchanges, KnownJobs);

    /// <returns>
    /// The config, its path and its warnings (deprecated spellings, which the caller prints or logs once), or null
    /// after printing why it could not be used (warnings included, since they may explain an error).
    /// </returns>
    public static (CollectorConfig Config, string Path, IReadOnlyList<ConfigError> Warnings)? TryLoad(string? explicitPath, TextWriter errors)
    {
        var location = ConfigLoader.LocateConfigFile(explicitPath, Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (!location.Found)
        {
            errors.WriteLine(location.NotFoundMessage);
            return null;
        }

        ConfigLoadResult result;
        try
        {
            result = CreateLoader().Load(location.Path!, ConfigLoader.ReadEnvironment());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The loader turns every problem it knows into a positioned error; anything else is a bug in it, and still
            // no reason to show the user a stack trace.
            errors.WriteLine($"Could not load the configuration {location.Path}: {exception.GetType().Name}: {exception.Message}");
            errors.WriteLine("This is a bug in MarketPrism's config loader, not in the file alone; please report it with the file.");
            return null;
        }

        if (!result.Succeeded)
        {
            PrintWarnings(result.Warnings, errors);
            errors.WriteLine($"Invalid configuration ({result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}):");
            errors.WriteLine(result.FormatErrors());
            return null;
        }

        return (result.Config!, location.Path!, result.Warnings);
    }

    /// <summary>One line per warning, <c>warning: file:line:column: key.path: message</c>.</summary>
    public static void PrintWarnings(IReadOnlyList<ConfigError> warnings, TextWriter output)
    {
        foreach (var warning in warnings)
        {
            output.WriteLine($"warning: {warning}");
        }
    }
}
