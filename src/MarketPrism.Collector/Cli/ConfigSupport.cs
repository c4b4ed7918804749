using MarketPrism.Collector.Configuration;
using MarketPrism.Exchanges;

namespace MarketPrism.Collector.Cli;

/// <summary>Finds, loads and validates the config for a verb, printing every error to stderr.</summary>
internal static class ConfigSupport
{
    /// <summary>Scheduler jobs the collector knows how to run.</summary>
    public static readonly string[] KnownJobs = [Scheduling.JobNames.FundingRate, Scheduling.JobNames.OpenInterest, Scheduling.JobNames.LiquidationMonitor, Scheduling.JobNames.LongShortRatio];

    public static ConfigLoader CreateLoader() => new(VenueCatalog.Exchanges, KnownJobs);

    /// <returns>The config and its path, or null after printing why it could not be used.</returns>
    public static (CollectorConfig Config, string Path)? TryLoad(string? explicitPath, TextWriter errors)
    {
        var location = ConfigLoader.LocateConfigFile(explicitPath, Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (!location.Found)
        {
            errors.WriteLine(location.NotFoundMessage);
            return null;
        }

        var result = CreateLoader().Load(location.Path!, ConfigLoader.ReadEnvironment());
        if (!result.Succeeded)
        {
            errors.WriteLine($"Invalid configuration ({result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}):");
            errors.WriteLine(result.FormatErrors());
            return null;
        }

        return (result.Config!, location.Path!);
    }
}
