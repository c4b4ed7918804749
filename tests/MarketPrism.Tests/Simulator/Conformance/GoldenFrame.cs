using System.Text.Json;

namespace MarketPrism.Tests.Simulator.Conformance;

/// <summary>
/// A venue's protocol frame kept as shared test data under <c>recordings/protocol/&lt;venue&gt;/</c>: what the real
/// exchange sends (an acknowledgement, an error, a pong), taken from captures and the venue's documentation. The
/// simulator's frames are checked against it here, the collector's parsers read the same files.
/// </summary>
internal static class GoldenFrame
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "recordings", "protocol");

    /// <summary>The file's text without a trailing newline (a text frame such as OKX's <c>ping</c> is the whole file).</summary>
    public static string Read(string venueFolder, string file) =>
        File.ReadAllText(Path.Combine(Directory, venueFolder, file)).TrimEnd('\r', '\n');

    /// <summary>
    /// Asserts <paramref name="actual"/> has the golden frame's shape: the same properties in the same order, the same
    /// kinds of values, and the same values except at the <paramref name="volatilePaths"/> (per-connection ids,
    /// server times), where only the kind must match. A golden that is not JSON must match exactly.
    /// </summary>
    public static void AssertMatches(string golden, string? actual, IReadOnlyCollection<string> volatilePaths)
    {
        Assert.NotNull(actual);
        if (!golden.StartsWith('{') && !golden.StartsWith('['))
        {
            Assert.Equal(golden, actual);
            return;
        }

        using var expected = JsonDocument.Parse(golden);
        using var received = JsonDocument.Parse(actual);
        var differences = new List<string>();
        Compare(expected.RootElement, received.RootElement, "$", volatilePaths, differences);
        Assert.True(differences.Count == 0, $"The frame differs from the golden one:\n  {string.Join("\n  ", differences)}\ngolden: {golden}\nactual: {actual}");
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, IReadOnlyCollection<string> volatilePaths, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind
            && !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            differences.Add($"{path}: expected a {expected.ValueKind}, got a {actual.ValueKind}");
            return;
        }

        var isVolatile = volatilePaths.Contains(path);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!expectedNames.SequenceEqual(actualNames, StringComparer.Ordinal))
                {
                    differences.Add($"{path}: properties [{string.Join(",", actualNames)}], expected [{string.Join(",", expectedNames)}]");
                    return;
                }

                foreach (var property in expected.EnumerateObject())
                {
                    Compare(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}", volatilePaths, differences);
                }

                break;
            case JsonValueKind.Array when !isVolatile:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add($"{path}: {actual.GetArrayLength()} items, expected {expected.GetArrayLength()}");
                    return;
                }

                for (var index = 0; index < expected.GetArrayLength(); index++)
                {
                    Compare(expected[index], actual[index], $"{path}[{index}]", volatilePaths, differences);
                }

                break;
            case JsonValueKind.Array:
                break;
            default:
                if (!isVolatile && expected.GetRawText() != actual.GetRawText())
                {
                    differences.Add($"{path}: {actual.GetRawText()}, expected {expected.GetRawText()}");
                }

                break;
        }
    }
}
