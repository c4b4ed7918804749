using System.Globalization;
using System.Text.RegularExpressions;
using MarketPrism.Core.Model;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>Compares what a sink holds with what the file store holds, by record key.</summary>
public static partial class SinkAssert
{
    public static List<string> Keys(IEnumerable<MarketRecord> records) => records.Select(RecordKey.For).ToList();

    /// <summary>Same keys, each as often: nothing lost, nothing doubled. The message names the first differences.</summary>
    public static void SameKeys(IReadOnlyCollection<string> expected, IReadOnlyCollection<string> actual, string where)
    {
        var missing = Difference(expected, actual);
        var extra = Difference(actual, expected);
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"{where}: {expected.Count} records expected, {actual.Count} found; {missing.Count} missing (e.g. {string.Join(", ", missing.Take(5))}), {extra.Count} extra or doubled (e.g. {string.Join(", ", extra.Take(5))})");
    }

    /// <summary>The second copies the NATS server dropped, from the sink's closing log line.</summary>
    public static long DuplicatesDropped(string collectorOutput)
    {
        var match = ClosedLine().Match(collectorOutput);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Multiset difference: every key of <paramref name="left"/> not matched by one in <paramref name="right"/>.</summary>
    private static List<string> Difference(IReadOnlyCollection<string> left, IReadOnlyCollection<string> right)
    {
        var counts = right.GroupBy(key => key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var key in left)
        {
            if (counts.TryGetValue(key, out var count) && count > 0)
            {
                counts[key] = count - 1;
            }
            else
            {
                result.Add(key);
            }
        }

        return result;
    }

    [GeneratedRegex(@"NATS sink closed: \d+ messages stored, (\d+) copies dropped")]
    private static partial Regex ClosedLine();
}
