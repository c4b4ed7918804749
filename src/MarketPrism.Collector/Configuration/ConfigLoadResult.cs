using System.Diagnostics.CodeAnalysis;

namespace MarketPrism.Collector.Configuration;

/// <summary>The outcome of loading a configuration: the bound and validated config, or every error found.</summary>
public sealed class ConfigLoadResult
{
    internal ConfigLoadResult(CollectorConfig? config, IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigOverride> overrides)
    {
        Config = errors.Count == 0 ? config : null;
        Errors = errors;
        AppliedOverrides = overrides;
    }

    /// <summary>The configuration; null when there are errors (a half-valid config is never handed out).</summary>
    public CollectorConfig? Config { get; }

    /// <summary>Every problem found, in file order, then environment overrides in variable order.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Environment variables that replaced config values.</summary>
    public IReadOnlyList<ConfigOverride> AppliedOverrides { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null;

    /// <summary>All errors, one per line, in the printed form.</summary>
    public string FormatErrors() => string.Join(Environment.NewLine, Errors);
}
