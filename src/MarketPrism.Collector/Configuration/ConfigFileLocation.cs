namespace MarketPrism.Collector.Configuration;

/// <summary>Where the config file was found, or everywhere it was looked for.</summary>
/// <param name="Path">The file to load; null when none of <paramref name="Searched"/> exists.</param>
/// <param name="Searched">The candidates, in the order they were tried.</param>
public sealed record ConfigFileLocation(string? Path, IReadOnlyList<string> Searched)
{
    public bool Found => Path is not null;

    /// <summary>The message for "nothing found", naming every place looked at.</summary>
    public string NotFoundMessage =>
        $"no config file found (looked for {string.Join(" and ", Searched)}); pass --config <path>";
}
