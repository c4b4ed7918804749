using System.Globalization;
using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Configuration;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// docs/configuration.md lists every option the classes define, with the classes' defaults: the collector's option
/// classes, and each exchange's options class (<see cref="IExchangePlugin.CreateOptions"/>) in the exchange's own
/// section (<c>#### `binance`</c>), since two exchanges may share a key with different defaults.
/// </summary>
public sealed class ConfigurationDocTests
{
    private static readonly string[] DocLines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "configuration.md"));

    private static readonly string[] DocRows = DocLines.Where(IsRow).ToArray();

    [Fact]
    public void Every_exchange_has_a_section_with_a_row_for_each_of_its_options_with_its_default()
    {
        var problems = new List<string>();
        foreach (var plugin in ExchangeCatalog.All)
        {
            var rows = ExchangeSectionRows(plugin.Exchange);
            if (rows is null)
            {
                problems.Add($"no `#### `{plugin.Exchange}`` section");
                continue;
            }

            foreach (var option in VenueOptions(plugin))
            {
                var row = Array.Find(rows, row => row.StartsWith($"| `{option.Key}` |", StringComparison.Ordinal) && row.Contains($"`{option.Variable}`", StringComparison.Ordinal));
                if (row is null)
                {
                    problems.Add($"{plugin.Exchange}: no row for {option.Key}");
                }
                else if (option.Default is not null && !row.Split('|')[3].Contains($"`{option.Default}`", StringComparison.Ordinal))
                {
                    problems.Add($"{plugin.Exchange}: {option.Key}: class default `{option.Default}`, doc says {row.Split('|')[3].Trim()}");
                }
            }

            // A row for a key the exchange does not have would document an error.
            var keys = VenueOptions(plugin).Select(option => option.Key).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(rows.Select(row => row.Split('|')[1].Trim().Trim('`')).Where(key => !keys.Contains(key)).Select(key => $"{plugin.Exchange}: {key} is not an option"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_option_has_a_row_with_its_key_and_environment_variable()
    {
        var missing = Options().Where(option => FindRow(option) is null).Select(option => option.Variable).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_documented_default_matches_the_option_class()
    {
        var mismatches = new List<string>();
        foreach (var option in Options())
        {
            if (option.Default is null || FindRow(option) is not { } row)
            {
                continue;
            }

            var defaultCell = row.Split('|')[3];
            if (!defaultCell.Contains($"`{option.Default}`", StringComparison.Ordinal))
            {
                mismatches.Add($"{option.Key}: class default `{option.Default}`, doc says {defaultCell.Trim()}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Every_documented_variable_is_an_option()
    {
        var variables = Options().Select(option => option.Variable).ToHashSet(StringComparer.Ordinal);

        variables.UnionWith(ExchangeCatalog.All.SelectMany(VenueOptions).Select(option => option.Variable));

        var unknown = DocRows.Select(row => row.Split('|')[4].Trim().Trim('`')).Where(variable => !variables.Contains(variable)).ToList();

        Assert.Empty(unknown);
    }

    private static bool IsRow(string line) => line.StartsWith("| `", StringComparison.Ordinal);

    /// <summary>The table rows under <c>#### `exchange`</c>, up to the next heading; null without that heading.</summary>
    private static string[]? ExchangeSectionRows(string exchange)
    {
        var start = Array.IndexOf(DocLines, $"#### `{exchange}`");
        if (start < 0)
        {
            return null;
        }

        return DocLines.Skip(start + 1).TakeWhile(line => !line.StartsWith('#')).Where(IsRow).ToArray();
    }

    /// <summary>Each key of an exchange's options class, as written under <c>exchanges[].options</c>.</summary>
    private static List<Option> VenueOptions(IExchangePlugin plugin)
    {
        var options = new List<Option>();
        var defaults = plugin.CreateOptions();
        Collect(ConfigType.Of(defaults.GetType()), defaults, "exchanges[].options", "MARKETPRISM_EXCHANGES__<N>__OPTIONS", options);
        return options;
    }

    private static string? FindRow(Option option) =>
        Array.Find(DocRows, row => row.StartsWith($"| `{option.Key}` |", StringComparison.Ordinal)
            && row.Contains($"`{option.Variable}`", StringComparison.Ordinal));

    /// <summary>Every settable value of the schema, with its documented key, variable and (where it is one value) default.</summary>
    private static List<Option> Options()
    {
        var options = new List<Option>();
        Collect(ConfigType.Root, new CollectorConfig(), "", "MARKETPRISM", options);
        return options;
    }

    private static void Collect(ConfigType type, object? instance, string key, string variable, List<Option> options)
    {
        foreach (var property in type.Properties)
        {
            var childKey = key.Length == 0 ? property.Key : key + "." + property.Key;
            var childVariable = variable + (variable == "MARKETPRISM" ? "_" : "__") + property.Key.ToUpperInvariant();
            var value = instance is null ? null : property.Property.GetValue(instance);
            switch (property.Type.Kind)
            {
                case ConfigValueKind.Section:
                    Collect(property.Type, value, childKey, childVariable, options);
                    break;
                case ConfigValueKind.List when !property.Type.Element!.IsScalar:
                    Collect(property.Type.Element, Activator.CreateInstance(property.Type.Element.ClrType), childKey + "[]", childVariable + "__<N>", options);
                    break;
                case ConfigValueKind.Dictionary when property.Type.Element!.IsScalar:
                    // A name -> value map (health.stale_after): one row for all names, defaults stated in words.
                    options.Add(new Option(childKey + ".<name>", childVariable + "__<NAME>", null));
                    break;
                case ConfigValueKind.Dictionary:
                    // Entries differ in their defaults (each job has its own interval); the row states them in words.
                    Collect(property.Type.Element!, null, childKey + ".<name>", childVariable + "__<NAME>", options);
                    break;
                default:
                    options.Add(new Option(childKey, childVariable, FormatDefault(value)));
                    break;
            }
        }
    }

    private static string? FormatDefault(object? value) => value switch
    {
        null => null,
        string text when text.Length == 0 => null,
        System.Collections.ICollection { Count: 0 } => null,
        bool flag => flag ? "true" : "false",
        TimeSpan duration => DurationText.Format(duration),
        Enum member => ConfigType.KeyOf(member.ToString()),
        ByteSize size => size.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private sealed record Option(string Key, string Variable, string? Default);
}
