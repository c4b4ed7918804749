using System.Globalization;
using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Configuration;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>docs/configuration.md lists every option the classes define, with the classes' defaults.</summary>
public sealed class ConfigurationDocTests
{
    private static readonly string[] DocRows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "configuration.md"))
        .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
        .ToArray();

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

        var unknown = DocRows.Select(row => row.Split('|')[4].Trim().Trim('`')).Where(variable => !variables.Contains(variable)).ToList();

        Assert.Empty(unknown);
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
