namespace MarketPrism.Collector.Configuration;

/// <summary>An environment variable that replaced a config value (reported at start, so the effective config is never a guess).</summary>
/// <param name="Variable">The variable, e.g. <c>MARKETPRISM_HTTP__PORT</c>.</param>
/// <param name="KeyPath">The key it set, e.g. <c>http.port</c>.</param>
public sealed record ConfigOverride(string Variable, string KeyPath);
