using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MarketPrism.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Writes a YAML node tree into the option classes, key by key, reporting every unknown key, wrong type and
/// unparsable value with its position instead of stopping at the first. A value that cannot be read leaves the
/// option's default in place (and the load fails), so the rest of the file is still checked.
/// </summary>
internal sealed class ConfigBinder
{
    private readonly ConfigDiagnostics _diagnostics;

    public ConfigBinder(ConfigDiagnostics diagnostics) => _diagnostics = diagnostics;

    /// <summary>Binds the keys of <paramref name="mapping"/> onto <paramref name="target"/> (a section object).</summary>
    public void BindSection(YamlMappingNode mapping, object target, ConfigType type, string path)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                _diagnostics.NodeError(keyNode, path, "keys must be plain names");
                continue;
            }

            if (!type.TryGetProperty(key, out var property))
            {
                ReportUnknownKey(keyNode, path, key, type);
                continue;
            }

            var childPath = KeyPath.Child(path, key);
            _diagnostics.RecordEntry(childPath, keyNode, valueNode);
            var current = property.Property.GetValue(target);
            if (TryBind(valueNode, property.Type, property.AllowsNull, childPath, current, out var value))
            {
                property.Property.SetValue(target, value);
            }
        }
    }

    private void ReportUnknownKey(YamlNode keyNode, string path, string key, ConfigType type)
    {
        var keys = type.Properties.Select(p => p.Key);
        var where = path.Length == 0 ? "at the top level" : $"in `{path}`";
        var hint = Suggestions.Closest(key, keys) is { } match
            ? $"did you mean `{match}`?"
            : "valid keys: " + string.Join(", ", keys);
        _diagnostics.NodeError(keyNode, KeyPath.Child(path, key), $"unknown key `{key}` {where}; {hint}");
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = ConfigType.RootedJustification)]
    private bool TryBind(YamlNode node, ConfigType type, bool allowsNull, string path, object? current, out object? value)
    {
        value = null;
        if (IsNull(node))
        {
            switch (type.Kind)
            {
                case ConfigValueKind.Section or ConfigValueKind.Dictionary:
                    // A section whose keys are all commented out keeps its defaults.
                    value = current ?? Activator.CreateInstance(type.ClrType);
                    return true;
                case ConfigValueKind.List:
                    // A list whose items are all commented out is empty; validation says if that is not allowed.
                    value = allowsNull ? null : Activator.CreateInstance(type.ClrType);
                    return true;
                default:
                    if (allowsNull)
                    {
                        return true;
                    }

                    _diagnostics.ValueError(node, path, $"has no value; expected {type.Description} (remove the key to use the default)");
                    return false;
            }
        }

        switch (type.Kind)
        {
            case ConfigValueKind.Section:
                if (node is not YamlMappingNode section)
                {
                    return WrongShape(node, type, path);
                }

                value = current ?? Activator.CreateInstance(type.ClrType)!;
                BindSection(section, value, type, path);
                return true;

            case ConfigValueKind.List:
                if (node is not YamlSequenceNode sequence)
                {
                    return WrongShape(node, type, path);
                }

                value = BindList(sequence, type, path);
                return true;

            case ConfigValueKind.Dictionary:
                if (node is not YamlMappingNode mapping)
                {
                    return WrongShape(node, type, path);
                }

                value = current ?? Activator.CreateInstance(type.ClrType)!;
                BindDictionary(mapping, (IDictionary)value, type, path);
                return true;

            default:
                if (node is not YamlScalarNode { Value: { } text })
                {
                    return WrongShape(node, type, path);
                }

                if (TryParseScalar(text, type, out value, out var problem))
                {
                    return true;
                }

                _diagnostics.ValueError(node, path, problem ?? $"expected {type.Description}, got `{text}`");
                return false;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = ConfigType.RootedJustification)]
    private IList BindList(YamlSequenceNode sequence, ConfigType type, string path)
    {
        var list = (IList)Activator.CreateInstance(type.ClrType)!;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var itemPath = KeyPath.Item(path, index++);
            _diagnostics.RecordItem(itemPath, item);
            if (TryBind(item, type.Element!, allowsNull: false, itemPath, current: null, out var value))
            {
                list.Add(value);
            }
        }

        return list;
    }

    private void BindDictionary(YamlMappingNode mapping, IDictionary dictionary, ConfigType type, string path)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                _diagnostics.NodeError(keyNode, path, "keys must be plain names");
                continue;
            }

            var childPath = KeyPath.Child(path, key);
            _diagnostics.RecordEntry(childPath, keyNode, valueNode);

            // Entries named in the file are merged onto the defaults of the same name, so `funding_rate:
            // {enabled: false}` keeps the default interval.
            var current = dictionary.Contains(key) ? dictionary[key] : null;
            if (TryBind(valueNode, type.Element!, allowsNull: false, childPath, current, out var value))
            {
                dictionary[key] = value;
            }
        }
    }

    private bool WrongShape(YamlNode node, ConfigType type, string path)
    {
        var found = node switch
        {
            YamlMappingNode => "a mapping of keys",
            YamlSequenceNode => "a list",
            YamlScalarNode { Value: var text } => $"`{text}`",
            _ => "an unsupported YAML node",
        };
        // `symbols: BTC-USDT` is a common slip for a one-item list; show the list form.
        var hint = type.IsScalarList && node is YamlScalarNode { Value: { Length: > 0 } single } ? $" (write a list: [{single}])" : "";
        _diagnostics.ValueError(node, path, $"expected {type.Description}, got {found}{hint}");
        return false;
    }

    /// <summary>
    /// YAML's null: an empty value, <c>~</c> or <c>null</c>, unquoted. (A quoted <c>"null"</c> is the text.)
    /// </summary>
    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any, Value: var text }
        && (string.IsNullOrEmpty(text) || text is "~" or "null" or "Null" or "NULL");

    internal static bool TryParseScalar(string text, ConfigType type, out object? value, out string? problem)
    {
        problem = null;
        value = null;
        var trimmed = text.Trim();
        switch (type.Kind)
        {
            case ConfigValueKind.String:
                value = text;
                return true;

            case ConfigValueKind.Boolean:
                if (bool.TryParse(trimmed, out var flag))
                {
                    value = flag;
                    return true;
                }

                return false;

            case ConfigValueKind.Integer:
            case ConfigValueKind.Long:
                return TryParseInteger(trimmed, type, out value, out problem);

            case ConfigValueKind.Decimal:
                if (decimal.TryParse(WithoutDigitGroups(trimmed), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    value = number;
                    return true;
                }

                return false;

            case ConfigValueKind.Duration:
                // A bare 0 is unambiguous ("no interval") even without a unit.
                if (trimmed == "0")
                {
                    value = TimeSpan.Zero;
                    return true;
                }

                if (DurationText.TryParse(trimmed, out var duration, out var outOfRange))
                {
                    value = duration;
                    return true;
                }

                if (outOfRange)
                {
                    problem = $"`{text}` is out of range for a duration (at most {DurationText.Format(TimeSpan.MaxValue)})";
                }

                return false;

            case ConfigValueKind.ByteSize:
                if (ByteSize.TryParse(trimmed, out var size, out var tooLarge))
                {
                    value = size;
                    return true;
                }

                if (tooLarge)
                {
                    problem = $"`{text}` is out of range for a size (at most {long.MaxValue} bytes)";
                }

                return false;

            case ConfigValueKind.Enum:
                return type.TryParseEnum(trimmed, out value);

            default:
                return false;
        }
    }

    private static bool TryParseInteger(string text, ConfigType type, out object? value, out string? problem)
    {
        value = null;
        problem = null;
        var digits = WithoutDigitGroups(text);
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            // Distinguish "not a number" from "a number too large" so the message says which.
            if (IsWholeNumber(digits))
            {
                problem = $"`{text}` is out of range for an integer";
            }

            return false;
        }

        if (type.Kind == ConfigValueKind.Long)
        {
            value = number;
            return true;
        }

        if (number is < int.MinValue or > int.MaxValue)
        {
            problem = $"`{text}` is out of range for an integer (at most {int.MaxValue})";
            return false;
        }

        value = (int)number;
        return true;
    }

    /// <summary>YAML 1.1 allows <c>100_000</c>; the underscores only group digits.</summary>
    private static string WithoutDigitGroups(string text) =>
        text.Length > 2 && text.Contains('_', StringComparison.Ordinal) && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[^1])
            ? text.Replace("_", "", StringComparison.Ordinal)
            : text;

    private static bool IsWholeNumber(string text)
    {
        var digits = text.AsSpan().TrimStart("+-");
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9');
    }
}
