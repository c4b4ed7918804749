using System.Diagnostics;
using MarketPrism.Collector.Configuration;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// Mutated copies of the shipped configs, loaded as <c>validate-config</c> loads them (issue 15): whatever the damage,
/// the loader returns a result, never throws, and every error names where it is and what is wrong. The seed is fixed,
/// so a failure names a case that can be replayed.
/// </summary>
public sealed class ConfigFuzzTests
{
    private const int Seed = 15_2026;
    private const int Cases = 400;

    private static readonly string[] Extremes =
    [
        "922337203686s", "10675199d10675199d", "99999999999999999999", "-99999999999999999999", "-1", "0", "1e300",
        "-1e300", ".inf", ".nan", "NaN", "", "~", "null", "\"\"", "''", new string('x', 100_000), "9999999999999GB", "0MB",
        "-4MB", "4XB", "1h-1m", "ＢＴＣ-ＵＳＤＴ", "\"\\u0000\"", "\"\\uD800\"", "😀", "true", "[", "]", "{", "}", "{a: b}",
        "[1, [2, [3]]]", "*undefined", "&", "!!binary AAAA", "!tag value", "|", ">-", "? complex", "- item", "\"unterminated",
        "'it''s'", "%YAML 1.1", "---", "...", "#", "@reserved", "`backtick",
    ];

    private static string ConfigDirectory => Path.Combine(AppContext.BaseDirectory, "config");

    [Fact]
    public void Mutated_shipped_configs_load_without_an_exception_and_every_error_is_positioned_and_explained()
    {
        var sources = Directory.GetFiles(ConfigDirectory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.True(sources.Length >= 5, $"expected the shipped configs under {ConfigDirectory}");
        var originals = sources.Select(File.ReadAllLines).ToArray();
        var loader = MarketPrism.Collector.Cli.ConfigSupport.CreateLoader();
        var random = new Random(Seed);
        int succeeded = 0, failed = 0, capped = 0;
        var slowest = new List<(TimeSpan Elapsed, string Case)>();

        for (var index = 0; index < Cases; index++)
        {
            var source = random.Next(sources.Length);
            var lines = originals[source].ToList();
            var applied = new List<string>();
            var mutations = random.Next(1, 4);
            for (var i = 0; i < mutations; i++)
            {
                applied.Add(Mutate(lines, random));
            }

            var yaml = string.Join('\n', lines) + "\n";
            var name = $"case-{index}.yaml";
            var what = $"case {index} ({Path.GetFileName(sources[source])}: {string.Join("; ", applied)})";

            ConfigLoadResult result;
            var started = Stopwatch.GetTimestamp();
            try
            {
                result = loader.LoadText(yaml, name, new Dictionary<string, string?>());
                slowest.Add((Stopwatch.GetElapsedTime(started), what));
            }
            catch (Exception exception)
            {
                Assert.Fail($"{what} threw {exception}");
                throw;
            }

            if (result.Succeeded)
            {
                Assert.Empty(result.Errors);
                succeeded++;
                continue;
            }

            failed++;
            Assert.NotEmpty(result.Errors);
            foreach (var error in result.Errors)
            {
                // A file problem has its position; a rule about the whole file (no exchanges) names at least the file.
                Assert.True(error.Source == name, $"{what}: {error} names another source");
                Assert.True(error.Line > 0 && error.Column > 0, $"{what}: {error} has no position");
                Assert.False(string.IsNullOrWhiteSpace(error.Message), $"{what}: an error without a message at {error.Line}:{error.Column}");
                Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
            }

            var printed = result.FormatErrors().Split(Environment.NewLine);
            Assert.True(printed.Length <= ConfigLoadResult.PrintedErrorLimit + 1, $"{what}: {printed.Length} lines printed");
            if (result.Errors.Count > ConfigLoadResult.PrintedErrorLimit)
            {
                capped++;
                Assert.StartsWith("... and ", printed[^1], StringComparison.Ordinal);
            }
        }

        foreach (var (elapsed, slow) in slowest.OrderByDescending(entry => entry.Elapsed).Take(5))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{elapsed.TotalMilliseconds:F0} ms: {slow}");
        }

        // The mutations must reach both outcomes, and the many-keys mutation the cap, or the test proves little.
        Assert.True(failed > Cases / 2, $"only {failed} of {Cases} mutated configs failed to load");
        Assert.True(succeeded > 0, "no mutated config loaded");
        Assert.True(capped > 0, "no mutated config had more errors than are printed");
    }

    /// <summary>Applies one random mutation to <paramref name="lines"/> and says what it was.</summary>
    private static string Mutate(List<string> lines, Random random)
    {
        var at = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(at);
                return $"deleted line {at + 1}";

            case 1:
                lines.Insert(at, lines[at]);
                return $"duplicated line {at + 1}";

            case 2:
                var shift = random.Next(-3, 4);
                lines[at] = shift >= 0 ? new string(' ', shift) + lines[at] : lines[at][Math.Min(-shift, lines[at].Length - lines[at].TrimStart().Length)..];
                return $"indented line {at + 1} by {shift}";

            case 3:
            case 4:
                var extreme = Extremes[random.Next(Extremes.Length)];
                lines[at] = ReplaceValue(lines[at], extreme);
                return $"line {at + 1} value -> {(extreme.Length > 20 ? extreme[..20] + "..." : extreme)}";

            case 5:
                // An anchor on one value and an alias to it on another (or before it: an undefined alias).
                var other = random.Next(lines.Count);
                lines[at] = ReplaceValue(lines[at], "&fuzz " + ValueOf(lines[at]));
                lines[other] = ReplaceValue(lines[other], "*fuzz");
                return $"anchor on line {at + 1}, alias on line {other + 1}";

            case 6:
                int[] depths = [5, 63, 64, 65, 1_000, 50_000];
                var depth = depths[random.Next(depths.Length)];
                lines[at] = ReplaceValue(lines[at], new string('[', depth) + new string(']', depth));
                return $"line {at + 1} value nested {depth} deep";

            case 7:
                if (random.Next(3) == 0)
                {
                    // Many at the top level, where they are unknown keys rather than a syntax error.
                    lines.AddRange(Enumerable.Range(0, 2_000).Select(i => $"fuzz_unknown_{i}: {i}"));
                    return "2000 unknown keys at the end";
                }

                var indent = new string(' ', random.Next(0, 3) * 2);
                lines.InsertRange(at, Enumerable.Range(0, 3).Select(i => $"{indent}fuzz_unknown_{i}: {i}"));
                return $"3 unknown keys at line {at + 1}";

            default:
                lines[at] = "\t" + lines[at];
                return $"tab before line {at + 1}";
        }
    }

    /// <summary>The line with the value after its key (or its list dash) replaced; the whole line when it has neither.</summary>
    private static string ReplaceValue(string line, string value)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0)
        {
            return line[..(colon + 2)] + value;
        }

        if (line.TrimEnd().EndsWith(':'))
        {
            return line.TrimEnd() + " " + value;
        }

        var dash = line.IndexOf("- ", StringComparison.Ordinal);
        return dash >= 0 ? line[..(dash + 2)] + value : value;
    }

    private static string ValueOf(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        var value = colon >= 0 ? line[(colon + 2)..] : line.Trim();
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment] : value;
    }
}
