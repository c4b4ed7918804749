using System.Globalization;
using MarketPrism.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Applies <c>MARKETPRISM_&lt;PATH&gt;</c> variables to the YAML node tree before binding, so an overridden value
/// is checked exactly like one written in the file, and its errors name the variable. The path is the snake_case
/// keys joined by <c>__</c>, list indexes as numbers (<c>MARKETPRISM_EXCHANGES__0__WS_URL</c>); lists of single
/// values are written comma-separated. An index one past the end of a list adds an entry.
/// </summary>
internal sealed class EnvironmentOverrides
{
    public const string Prefix = "MARKETPRISM_";
    private const string Separator = "__";

    private readonly ConfigDiagnostics _diagnostics;
    private readonly List<ConfigOverride> _applied = [];

    public EnvironmentOverrides(ConfigDiagnostics diagnostics) => _diagnostics = diagnostics;

    public IReadOnlyList<ConfigOverride> Applied => _applied;

    public static bool IsOverride(string variable) =>
        variable.Length > Prefix.Length && variable.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public void Apply(YamlMappingNode root, IReadOnlyDictionary<string, string?> environment)
    {
        var variables = new List<(string Name, string[] Segments, string Value)>();
        foreach (var (name, value) in environment)
        {
            if (value is null || !IsOverride(name))
            {
                continue;
            }

            var segments = name[Prefix.Length..].ToLowerInvariant().Split(Separator);
            if (Array.Exists(segments, segment => segment.Length == 0))
            {
                _diagnostics.SourceError(name, "", "malformed override name: keys are joined by `__` (two underscores), e.g. MARKETPRISM_HTTP__PORT");
                continue;
            }

            variables.Add((name, segments, value));
        }

        // Index order, not text order: EXCHANGES__2 must come before EXCHANGES__10 when both add entries.
        variables.Sort((a, b) => CompareSegments(a.Segments, b.Segments));
        foreach (var (name, segments, value) in variables)
        {
            Apply(root, name, segments, value);
        }
    }

    private void Apply(YamlMappingNode root, string variable, string[] segments, string value)
    {
        YamlNode container = root;
        var type = ConfigType.Root;
        var path = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            string key;
            string childPath;
            ConfigType childType;
            var allowsNull = false;
            switch (type.Kind)
            {
                case ConfigValueKind.Section:
                    if (!type.TryGetProperty(segment, out var property))
                    {
                        ReportUnknownKey(variable, segments, i, type, path);
                        return;
                    }

                    key = property.Key;
                    childPath = KeyPath.Child(path, key);
                    childType = property.Type;
                    allowsNull = property.AllowsNull;
                    break;

                case ConfigValueKind.Dictionary:
                    key = segment;
                    childPath = KeyPath.Child(path, key);
                    childType = type.Element!;
                    break;

                case ConfigValueKind.List:
                    var sequence = (YamlSequenceNode)container;
                    if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        _diagnostics.SourceError(variable, path, $"`{path}` is a list: the part after it must be an index (0, 1, ...), got `{segment}`");
                        return;
                    }

                    if (index > sequence.Children.Count)
                    {
                        _diagnostics.SourceError(variable, KeyPath.Item(path, index), $"`{path}` has {sequence.Children.Count} entries, so the index can be at most {sequence.Children.Count} (which adds an entry)");
                        return;
                    }

                    childPath = KeyPath.Item(path, index);
                    childType = type.Element!;
                    if (last && !childType.IsScalar)
                    {
                        ReportNotAValue(variable, childPath, childType);
                        return;
                    }

                    if (!last && childType.IsScalar)
                    {
                        ReportNoKeys(variable, childPath, segments[i + 1]);
                        return;
                    }

                    if (index == sequence.Children.Count)
                    {
                        var added = last ? CreateValue(variable, childType, value, allowsNull: false) : CreateContainer(variable, childType);
                        sequence.Add(added);
                        if (last)
                        {
                            _applied.Add(new ConfigOverride(variable, childPath));
                            return;
                        }

                        container = added;
                    }
                    else if (last)
                    {
                        sequence.Children[index] = CreateValue(variable, childType, value, allowsNull: false);
                        _applied.Add(new ConfigOverride(variable, childPath));
                        return;
                    }
                    else if (!TryEnter(sequence.Children[index], childType, variable, childPath, out container, replace: node => sequence.Children[index] = node))
                    {
                        return;
                    }

                    type = childType;
                    path = childPath;
                    continue;

                default:
                    ReportNoKeys(variable, path, segment);
                    return;
            }

            // A section or dictionary entry: `container` is a mapping, `key` names the entry.
            if (!last && childType.IsScalar)
            {
                ReportNoKeys(variable, childPath, segments[i + 1]);
                return;
            }

            var mapping = (YamlMappingNode)container;
            var keyNode = FindKey(mapping, key);
            if (last)
            {
                if (!childType.IsScalar && !childType.IsScalarList)
                {
                    ReportNotAValue(variable, childPath, childType);
                    return;
                }

                var valueNode = CreateValue(variable, childType, value, allowsNull);
                if (keyNode is null)
                {
                    keyNode = Mark(new YamlScalarNode(key), variable);
                    mapping.Add(keyNode, valueNode);
                }
                else
                {
                    mapping.Children[keyNode] = valueNode;
                }

                _applied.Add(new ConfigOverride(variable, childPath));
                return;
            }

            if (keyNode is null)
            {
                container = CreateContainer(variable, childType);
                mapping.Add(Mark(new YamlScalarNode(key), variable), container);
            }
            else
            {
                var existingKey = keyNode;
                if (!TryEnter(mapping.Children[keyNode], childType, variable, childPath, out container, replace: node => mapping.Children[existingKey] = node))
                {
                    return;
                }
            }

            type = childType;
            path = childPath;
        }
    }

    /// <summary>
    /// Steps into an existing node on the way to the overridden key. An empty value (all keys commented out) is
    /// replaced by a fresh container; a node of the wrong shape is the file's error, reported when it is bound.
    /// </summary>
    private bool TryEnter(YamlNode existing, ConfigType type, string variable, string path, out YamlNode container, Action<YamlNode> replace)
    {
        var fits = type.Kind == ConfigValueKind.List ? existing is YamlSequenceNode : existing is YamlMappingNode;
        if (fits)
        {
            container = existing;
            return true;
        }

        if (ConfigBinder.IsNull(existing))
        {
            container = CreateContainer(variable, type);
            replace(container);
            return true;
        }

        container = existing;
        _diagnostics.SourceError(variable, path, $"cannot apply: the config file gives `{path}` a single value where {type.Description} is expected");
        return false;
    }

    private YamlNode CreateContainer(string variable, ConfigType type) =>
        Mark<YamlNode>(type.Kind == ConfigValueKind.List ? new YamlSequenceNode() : new YamlMappingNode(), variable);

    private YamlNode CreateValue(string variable, ConfigType type, string value, bool allowsNull)
    {
        if (type.IsScalarList)
        {
            var sequence = new YamlSequenceNode();
            foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                sequence.Add(Mark(new YamlScalarNode(item) { Style = ScalarStyle.DoubleQuoted }, variable));
            }

            return Mark(sequence, variable);
        }

        // An empty variable means "no value": the default for optional keys (a venue URL), an error for the rest.
        // Anything else is taken as written, never as YAML null.
        var scalar = value.Length == 0 && allowsNull
            ? new YamlScalarNode("") { Style = ScalarStyle.Plain }
            : new YamlScalarNode(value) { Style = value.Length == 0 ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };
        return Mark(scalar, variable);
    }

    private T Mark<T>(T node, string variable)
        where T : YamlNode
    {
        _diagnostics.MarkFromEnvironment(node, variable);
        return node;
    }

    private void ReportUnknownKey(string variable, string[] segments, int failed, ConfigType type, string path)
    {
        var segment = segments[failed];
        var keys = type.Properties.Select(p => p.Key).ToList();
        var where = path.Length == 0 ? "at the top level" : $"in `{path}`";
        var message = $"no config key `{segment}` {where}";

        // MARKETPRISM_HTTP_PORT (one underscore) reads as the key `http_port`; point at the two-underscore form.
        var joined = string.Join("_", segments[failed..]);
        var prefixMatch = keys.FirstOrDefault(key => joined.StartsWith(key + "_", StringComparison.Ordinal));
        string? suggestion = null;
        if (prefixMatch is not null)
        {
            suggestion = EnvironmentName(segments[..failed], prefixMatch) + Separator + joined[(prefixMatch.Length + 1)..].ToUpperInvariant();
        }
        else if (Suggestions.Closest(segment, keys) is { } match)
        {
            suggestion = EnvironmentName(segments[..failed], match);
        }

        message += suggestion is null ? "; valid keys: " + string.Join(", ", keys) : $"; did you mean {suggestion}?";
        _diagnostics.SourceError(variable, KeyPath.Child(path, segment), message);
    }

    private void ReportNotAValue(string variable, string path, ConfigType type)
    {
        var example = type.Kind == ConfigValueKind.Section && type.Properties.Count > 0
            ? $", e.g. {variable}{Separator}{type.Properties[0].Key.ToUpperInvariant()}"
            : "";
        _diagnostics.SourceError(variable, path, $"`{path}` is {type.Description}, not a single value; override its keys one by one{example}");
    }

    private void ReportNoKeys(string variable, string path, string segment) =>
        _diagnostics.SourceError(variable, path, $"`{path}` is a single value; it has no key `{segment}`");

    private static string EnvironmentName(string[] leading, string key) =>
        Prefix + string.Join(Separator, [.. leading, key]).ToUpperInvariant();

    private static YamlScalarNode? FindKey(YamlMappingNode mapping, string key)
    {
        foreach (var existing in mapping.Children.Keys)
        {
            if (existing is YamlScalarNode scalar && string.Equals(scalar.Value, key, StringComparison.Ordinal))
            {
                return scalar;
            }
        }

        return null;
    }

    private static int CompareSegments(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var bothNumbers = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
                & int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            var order = bothNumbers ? x.CompareTo(y) : string.CompareOrdinal(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
