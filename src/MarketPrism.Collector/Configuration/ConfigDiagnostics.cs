using YamlDotNet.RepresentationModel;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Collects the errors of one load and knows where every key path came from: a file position, or the environment
/// variable that set it. Binding records each path's node as it goes; validation, which only sees bound objects,
/// reports on key paths and gets the position of the path (or of its nearest present ancestor, for a missing key).
/// </summary>
internal sealed class ConfigDiagnostics
{
    private readonly string _fileSource;
    private readonly Dictionary<YamlNode, string> _environmentNodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Location> _locations = new(StringComparer.Ordinal);
    private readonly List<string> _unboundPaths = [];
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];
    private readonly Dictionary<string, string> _writtenAs = new(StringComparer.Ordinal);

    public ConfigDiagnostics(string fileSource) => _fileSource = fileSource;

    public bool HasErrors => _errors.Count > 0;

    /// <summary>Marks a node (and the key it sits under, if any) as coming from an environment variable.</summary>
    public void MarkFromEnvironment(YamlNode node, string variable) => _environmentNodes[node] = variable;

    public void RecordRoot(YamlNode root) => _locations[""] = LocationOf(root);

    /// <summary>Records the position of a mapping entry: its value when that is a single value, else its key.</summary>
    public void RecordEntry(string path, YamlNode key, YamlNode value) =>
        _locations[path] = value is YamlScalarNode || _environmentNodes.ContainsKey(value) ? LocationOf(value) : LocationOf(key);

    public void RecordItem(string path, YamlNode item) => _locations[path] = LocationOf(item);

    /// <summary>Whether the file or an environment variable set <paramref name="path"/> (a key left out is not recorded).</summary>
    public bool IsPresent(string path) => _locations.ContainsKey(path);

    /// <summary>Whether <paramref name="path"/> (or a key around or inside it) failed to bind and holds a default.</summary>
    public bool IsUnbound(string path)
    {
        foreach (var unbound in _unboundPaths)
        {
            if (KeyPath.IsWithin(path, unbound) || KeyPath.IsWithin(unbound, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Says that the value rules see at <paramref name="path"/> was written at <paramref name="writtenPath"/> (a
    /// deprecated spelling), so problems with it name the key and position the user actually wrote.
    /// </summary>
    public void RecordWrittenAs(string path, string writtenPath) => _writtenAs[path] = writtenPath;

    /// <summary>
    /// A value that was read from the tree but could not be converted (an exchange option's text); like
    /// <see cref="ValueError"/>, rules on the same path are then skipped.
    /// </summary>
    public void ConversionError(string path, string message)
    {
        path = _writtenAs.GetValueOrDefault(path, path);
        _unboundPaths.Add(path);
        Add(Locate(path), path, message);
    }

    /// <summary>Something that loads but should be changed (a deprecated key), located like an error.</summary>
    public void Warning(string path, string message)
    {
        path = _writtenAs.GetValueOrDefault(path, path);
        var location = Locate(path);
        _warnings.Add(new ConfigError(location.Source, location.Line, location.Column, path, message));
    }

    /// <summary>Warnings in the order they were found (entry by entry, file order).</summary>
    public IReadOnlyList<ConfigError> Warnings => _warnings;

    /// <summary>A problem found while reading a node; the value at <paramref name="path"/> keeps its default.</summary>
    public void ValueError(YamlNode node, string path, string message)
    {
        _unboundPaths.Add(path);
        Add(LocationOf(node), path, message);
    }

    /// <summary>A problem at a node that does not prevent binding (an unknown key is skipped, nothing else changes).</summary>
    public void NodeError(YamlNode node, string path, string message) => Add(LocationOf(node), path, message);

    /// <summary>A problem not tied to a node: an environment variable naming no key, a missing file.</summary>
    public void SourceError(string source, string path, string message) => _errors.Add(new ConfigError(source, 0, 0, path, message));

    /// <summary>A problem found before binding (in the YAML's shape) at a file position and key path.</summary>
    public void PathError(long line, long column, string path, string message) =>
        _errors.Add(new ConfigError(_fileSource, ToInt(line), ToInt(column), path, message));

    public void SyntaxError(long line, long column, string message) =>
        _errors.Add(new ConfigError(_fileSource, ToInt(line), ToInt(column), "", message));

    /// <summary>
    /// A rule broken by a bound value. Skipped when the path, an ancestor or a descendant failed to bind: the value
    /// there is a default, not what the user wrote, and one mistake should produce one error.
    /// </summary>
    public void RuleError(string path, string message)
    {
        path = _writtenAs.GetValueOrDefault(path, path);
        if (!IsUnbound(path))
        {
            Add(Locate(path), path, message);
        }
    }

    /// <summary>File errors by position (so they read top to bottom), then environment errors in variable order.</summary>
    public IReadOnlyList<ConfigError> SortedErrors()
    {
        var fileErrors = new List<ConfigError>();
        var otherErrors = new List<ConfigError>();
        foreach (var error in _errors)
        {
            (error.Source == _fileSource && error.Line > 0 ? fileErrors : otherErrors).Add(error);
        }

        // OrderBy is stable: errors at one position keep the order they were found in.
        var ordered = fileErrors.OrderBy(error => error.Line).ThenBy(error => error.Column).ToList();
        ordered.AddRange(otherErrors);
        return ordered;
    }

    private Location Locate(string path)
    {
        while (true)
        {
            if (_locations.TryGetValue(path, out var location))
            {
                return location;
            }

            if (path.Length == 0)
            {
                return new Location(_fileSource, 1, 1);
            }

            path = KeyPath.Parent(path);
        }
    }

    private Location LocationOf(YamlNode node) =>
        _environmentNodes.TryGetValue(node, out var variable)
            ? new Location(variable, 0, 0)
            : new Location(_fileSource, ToInt(node.Start.Line), ToInt(node.Start.Column));

    private void Add(Location location, string path, string message) =>
        _errors.Add(new ConfigError(location.Source, location.Line, location.Column, path, message));

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private readonly record struct Location(string Source, int Line, int Column);
}
