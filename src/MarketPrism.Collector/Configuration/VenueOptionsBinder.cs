using System.Globalization;
using MarketPrism.Core.Configuration;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Binds each entry's <c>options:</c> map onto its exchange's own options type (<see cref="IExchangePlugin.CreateOptions"/>),
/// with the same scalar parsing and positioned errors as every other key, and carries the deprecated top-level
/// spellings of those options (<c>trade_stream</c>, <c>book_depth</c>, <c>book_continuity</c>) into the map with a
/// warning. The exchange's own rules on the values run later, in <see cref="ConfigValidator"/>.
/// </summary>
internal sealed class VenueOptionsBinder
{
    /// <summary>
    /// The keys that used to sit on every entry, and the value each had when left out: that value changed nothing on
    /// any exchange, so it is dropped (with a warning to remove it) instead of being handed to an exchange that has no
    /// such option.
    /// </summary>
    private static readonly DeprecatedKey[] DeprecatedKeys =
    [
        new("trade_stream", "trade", entry => entry.TradeStream),
        new("book_depth", "0", entry => entry.BookDepth?.ToString(CultureInfo.InvariantCulture)),
        new("book_continuity", null, entry => entry.BookContinuity),
    ];

    private readonly IReadOnlyDictionary<string, IExchangePlugin> _plugins;
    private readonly ConfigDiagnostics _diagnostics;

    public VenueOptionsBinder(IReadOnlyDictionary<string, IExchangePlugin> plugins, ConfigDiagnostics diagnostics)
    {
        _plugins = plugins;
        _diagnostics = diagnostics;
    }

    /// <summary>Whether <paramref name="key"/> is an entry key that only survives as the old spelling of an option.</summary>
    public static bool IsDeprecatedKey(string key) => Array.Exists(DeprecatedKeys, deprecated => deprecated.Key == key);

    public void Bind(List<ExchangeOptions> exchanges)
    {
        for (var i = 0; i < exchanges.Count; i++)
        {
            Bind(exchanges[i], KeyPath.Item("exchanges", i));
        }
    }

    private void Bind(ExchangeOptions entry, string path)
    {
        var optionsPath = KeyPath.Child(path, "options");
        var values = new List<(string Key, string Text, string Path)>();
        foreach (var (key, text) in entry.Options)
        {
            values.Add((key, text, KeyPath.Child(optionsPath, key)));
        }

        foreach (var deprecated in DeprecatedKeys)
        {
            var oldPath = KeyPath.Child(path, deprecated.Key);
            if (!_diagnostics.IsPresent(oldPath) || _diagnostics.IsUnbound(oldPath))
            {
                continue;
            }

            var text = deprecated.Read(entry);
            var newPath = KeyPath.Child(optionsPath, deprecated.Key);
            if (entry.Options.ContainsKey(deprecated.Key))
            {
                _diagnostics.RuleError(oldPath, $"is the deprecated spelling of `options.{deprecated.Key}`, which this entry also sets; keep only `options: {{ {deprecated.Key}: ... }}`");
                continue;
            }

            if (text is null || text == deprecated.OldDefault)
            {
                var shown = text ?? "~";
                _diagnostics.Warning(oldPath, $"is deprecated, and `{shown}` is the default it always had: remove the key (exchange-only options now sit under the entry's `options:` map)");
                continue;
            }

            _diagnostics.Warning(oldPath, $"is deprecated: write it under the entry's options as `options: {{ {deprecated.Key}: {text} }}`");
            _diagnostics.RecordWrittenAs(newPath, oldPath);
            values.Add((deprecated.Key, text, newPath));
        }

        if (!_plugins.TryGetValue(entry.Exchange, out var plugin))
        {
            // An unknown or missing exchange has its own error; its options mean nothing until it is named.
            return;
        }

        var options = plugin.CreateOptions();
        var type = ConfigType.Of(options.GetType());
        foreach (var (key, text, valuePath) in values)
        {
            if (!type.TryGetProperty(key, out var property))
            {
                _diagnostics.RuleError(valuePath, UnknownKey(plugin.Exchange, key, type));
                continue;
            }

            if (ConfigBinder.TryParseScalar(text, property.Type, out var value, out var problem))
            {
                property.Property.SetValue(options, value);
            }
            else
            {
                _diagnostics.ConversionError(valuePath, problem ?? $"expected {property.Type.Description}, got `{text}`");
            }
        }

        entry.VenueOptions = options;
    }

    private static string UnknownKey(string exchange, string key, ConfigType type)
    {
        if (type.Properties.Count == 0)
        {
            return $"{exchange} has no option `{key}` (it has no options at all); remove it";
        }

        var keys = type.Properties.Select(property => property.Key).ToList();
        return $"{exchange} has no option `{key}`; its options are {string.Join(", ", keys)}{Suggestions.DidYouMean(key, keys)}";
    }

    /// <param name="Key">The old key on the entry, also its key under <c>options:</c>.</param>
    /// <param name="OldDefault">Its value when left out, as text; null when it had none.</param>
    /// <param name="Read">Its bound value as text, or null.</param>
    private sealed record DeprecatedKey(string Key, string? OldDefault, Func<ExchangeOptions, string?> Read);
}
