using System.Globalization;
using System.Diagnostics.CodeAnalysis;

namespace MarketPrism.Collector.Configuration;

/// <summary>The outcome of loading a configuration: the bound and validated config, or every error found.</summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(CollectorConfig? config, IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigOverride> overrides, IReadOnlyList<ConfigError>? warnings = null)
    {
        Config = errors.Count == 0 ? config : null;
        Errors = errors;
        AppliedOverrides = overrides;
        Warnings = warnings ?? [];
    }

    /// <summary>The configuration; null when there are errors (a half-valid config is never handed out).</summary>
    public CollectorConfig? Config { get; }

    /// <summary>Every problem found, in file order, then environment overrides in variable order.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>
    /// What loads but should be changed, located like errors: deprecated spellings, each naming its new one. Found
    /// whether or not the load succeeded; printed by <c>validate-config</c> and logged once by <c>collect</c>.
    /// </summary>
    public IReadOnlyList<ConfigError> Warnings { get; }

    /// <summary>Environment variables that replaced config values.</summary>
    public IReadOnlyList<ConfigOverride> AppliedOverrides { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null;

    /// <summary>How many errors <see cref="FormatErrors"/> prints: the first of them are what to fix first, and a
    /// hostile file (100,000 unknown keys) must not print 100,000 lines.</summary>
    public const int PrintedErrorLimit = 50;

    /// <summary>The first <see cref="PrintedErrorLimit"/> errors, one per line, in the printed form, then how many more there are.</summary>
    public string FormatErrors()
    {
        if (Errors.Count <= PrintedErrorLimit)
        {
            return string.Join(Environment.NewLine, Errors);
        }

        var more = Errors.Count - PrintedErrorLimit;
        return string.Join(Environment.NewLine, Errors.Take(PrintedErrorLimit))
            + Environment.NewLine
            + string.Create(CultureInfo.InvariantCulture, $"... and {more:N0} more error{(more == 1 ? "" : "s")}");
    }
}
