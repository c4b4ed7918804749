using System.Globalization;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// One problem in the configuration, located precisely enough to fix it without searching:
/// <c>config/collector.yaml:12:5: exchanges[0].symbols: must list at least one symbol</c>. Problems in an
/// environment override name the variable instead of a file position:
/// <c>MARKETPRISM_HTTP__PORT: http.port: expected an integer, got `abc`</c>.
/// </summary>
/// <param name="Source">The config file path as given, or the environment variable name.</param>
/// <param name="Line">1-based line in <paramref name="Source"/>; 0 when the source is not a file position.</param>
/// <param name="Column">1-based column; 0 when <paramref name="Line"/> is 0.</param>
/// <param name="KeyPath">Where in the config tree, e.g. <c>exchanges[0].symbols</c>; empty for whole-file problems.</param>
/// <param name="Message">What is wrong and, where possible, what would be right.</param>
public sealed record ConfigError(string Source, int Line, int Column, string KeyPath, string Message)
{
    public override string ToString()
    {
        var location = Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}:{Column}")
            : Source;
        return KeyPath.Length == 0 ? $"{location}: {Message}" : $"{location}: {KeyPath}: {Message}";
    }
}
