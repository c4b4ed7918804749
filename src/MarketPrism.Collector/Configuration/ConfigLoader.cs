using System.Collections;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Reads <c>collector.yaml</c>, applies <c>MARKETPRISM_*</c> environment overrides, binds the option classes and
/// validates them, collecting every error with its position (<c>file:line:column: key.path: message</c>) rather
/// than stopping at the first. See docs/configuration.md for every key.
/// </summary>
public sealed class ConfigLoader
{
    /// <summary>Environment variables starting with this (case-insensitively) override config keys.</summary>
    public const string EnvironmentPrefix = EnvironmentOverrides.Prefix;

    /// <summary>The default config file, relative to the working directory or the executable.</summary>
    public static readonly string DefaultConfigPath = Path.Combine("config", "collector.yaml");

    private readonly string[] _knownExchanges;
    private readonly Dictionary<string, IExchangePlugin> _plugins = new(StringComparer.Ordinal);
    private readonly string[] _knownJobs;

    /// <param name="knownExchanges">Exchange names an entry may use (those with an adapter), e.g. <c>binance</c>.</param>
    /// <param name="knownJobs">Scheduler job names the collector runs, e.g. <c>funding_rate</c>, <c>open_interest</c>.</param>
    public ConfigLoader(IEnumerable<string> knownExchanges, IEnumerable<string> knownJobs)
    {
        ArgumentNullException.ThrowIfNull(knownExchanges);
        ArgumentNullException.ThrowIfNull(knownJobs);
        _knownExchanges = [.. knownExchanges];
        _knownJobs = [.. knownJobs];
        foreach (var exchange in _knownExchanges)
        {
            // Each exchange's own options and book rules come from its plug-in.
            if (ExchangeCatalog.TryGet(exchange, out var plugin))
            {
                _plugins[exchange] = plugin;
            }
        }
    }

    /// <summary>Loads a config file. A missing or unreadable file is an error in the result, not an exception.</summary>
    /// <param name="path">The file; errors name it as given.</param>
    /// <param name="environment">Variables to apply as overrides (see <see cref="ReadEnvironment"/>); others are ignored.</param>
    public ConfigLoadResult Load(string path, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var reason = exception is FileNotFoundException or DirectoryNotFoundException
                ? "config file not found"
                : $"cannot read the config file: {exception.Message}";
            return new ConfigLoadResult(null, [new ConfigError(path, 0, 0, "", reason)], []);
        }

        return LoadText(text, path, environment);
    }

    /// <summary>Loads config text; <paramref name="sourceName"/> is what errors print as the file.</summary>
    public ConfigLoadResult LoadText(string yaml, string sourceName, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var diagnostics = new ConfigDiagnostics(sourceName);
        var root = Parse(yaml, diagnostics);
        if (root is null)
        {
            return new ConfigLoadResult(null, diagnostics.SortedErrors(), []);
        }

        var overrides = new EnvironmentOverrides(diagnostics);
        if (environment is not null)
        {
            overrides.Apply(root, environment);
        }

        var config = new CollectorConfig();
        diagnostics.RecordRoot(root);
        new ConfigBinder(diagnostics).BindSection(root, config, ConfigType.Root, "");
        new VenueOptionsBinder(_plugins, diagnostics).Bind(config.Exchanges);
        new ConfigValidator(_knownExchanges, _plugins, _knownJobs, diagnostics).Validate(config);
        return new ConfigLoadResult(config, diagnostics.SortedErrors(), overrides.Applied, diagnostics.Warnings);
    }

    /// <summary>The process's <c>MARKETPRISM_*</c> environment variables.</summary>
    public static IReadOnlyDictionary<string, string?> ReadEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && EnvironmentOverrides.IsOverride(name))
            {
                variables[name] = entry.Value as string;
            }
        }

        return variables;
    }

    /// <summary>
    /// Finds the config file to load: <paramref name="explicitPath"/> (the <c>--config</c> option) when given, even if
    /// it does not exist (loading it then reports that); else <c>config/collector.yaml</c> under the working
    /// directory; else the copy beside the executable.
    /// </summary>
    /// <param name="explicitPath">The <c>--config</c> value, or null.</param>
    /// <param name="workingDirectory">Default: the process's current directory.</param>
    /// <param name="executableDirectory">Default: <see cref="AppContext.BaseDirectory"/>.</param>
    public static ConfigFileLocation LocateConfigFile(string? explicitPath, string? workingDirectory = null, string? executableDirectory = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return new ConfigFileLocation(explicitPath, [explicitPath]);
        }

        string[] candidates =
        [
            Path.GetFullPath(Path.Combine(workingDirectory ?? Environment.CurrentDirectory, DefaultConfigPath)),
            Path.GetFullPath(Path.Combine(executableDirectory ?? AppContext.BaseDirectory, DefaultConfigPath)),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return new ConfigFileLocation(candidate, candidates);
            }
        }

        return new ConfigFileLocation(null, candidates);
    }

    private static YamlMappingNode? Parse(string yaml, ConfigDiagnostics diagnostics)
    {
        // Before the tree is built: it recurses per level of nesting and would overflow the stack on hostile input.
        if (!YamlPrecheck.Check(yaml, diagnostics))
        {
            return null;
        }

        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException exception)
        {
            if (exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndentation(yaml) is { } tab)
            {
                // YamlDotNet may place this at the start of the enclosing mapping; the tab itself is what to fix.
                diagnostics.SyntaxError(tab.Line, tab.Column, "invalid YAML: a tab is used for indentation; YAML indents with spaces only");
                return null;
            }

            diagnostics.SyntaxError(exception.Start.Line, exception.Start.Column, DescribeSyntaxError(exception));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this instead of a YamlException for some malformed flow collections (an unclosed
            // `[` followed by more keys); the scanner still knows where it stopped.
            diagnostics.SyntaxError(scanner.CurrentPosition.Line, scanner.CurrentPosition.Column, "invalid YAML near here; is a `[`, `{` or quote left open above?");
            return null;
        }

        if (stream.Documents.Count == 0 || ConfigBinder.IsNull(stream.Documents[0].RootNode))
        {
            diagnostics.SyntaxError(1, 1, "the config is empty; it must be a mapping of sections with at least `exchanges` (see config/collector.yaml)");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            diagnostics.SyntaxError(second.Line, second.Column, $"the file holds {stream.Documents.Count} YAML documents (separated by `---`); a config is exactly one");
            return null;
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            var found = root is YamlSequenceNode ? "a list" : $"the single value `{((YamlScalarNode)root).Value}`";
            diagnostics.SyntaxError(root.Start.Line, root.Start.Column, $"the top level must be a mapping of sections (collector, exchanges, books, ...), but it is {found}");
            return null;
        }

        return mapping;
    }

    /// <summary>Line and column (1-based) of the first tab used as indentation.</summary>
    private static (long Line, long Column)? FindTabIndentation(string yaml)
    {
        var line = 1;
        var column = 1;
        var inIndentation = true;
        foreach (var c in yaml)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                inIndentation = true;
                continue;
            }

            if (c == '\t' && inIndentation)
            {
                return (line, column);
            }

            inIndentation &= c == ' ';
            column++;
        }

        return null;
    }

    private static string DescribeSyntaxError(YamlException exception)
    {
        const string duplicatePrefix = "Duplicate key ";
        if (exception.Message.StartsWith(duplicatePrefix, StringComparison.Ordinal))
        {
            return $"key `{exception.Message[duplicatePrefix.Length..]}` appears twice in the same mapping";
        }

        return "invalid YAML: " + exception.Message;
    }
}
