namespace MarketPrism.Core.Configuration;

/// <summary>Finds the valid name a misspelt one was most likely meant to be ("did you mean `ws_url`?").</summary>
public static class Suggestions
{
    /// <summary>The closest candidate within a few edits (case-insensitive), or null when none is close enough.</summary>
    public static string? Closest(string text, IEnumerable<string> candidates)
    {
        var lowered = text.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Short names tolerate two edits (prot -> port is one transposition), longer ones about a third of their length.
        var allowed = Math.Max(2, lowered.Length / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean `x`?)" or "" — ready to append to a message.</summary>
    public static string DidYouMean(string text, IEnumerable<string> candidates) =>
        Closest(text, candidates) is { } match ? $"; did you mean `{match}`?" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    internal static int Distance(string a, string b)
    {
        var rows = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            rows[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            rows[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(rows[i - 1, j] + 1, rows[i, j - 1] + 1), rows[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, rows[i - 2, j - 2] + 1);
                }

                rows[i, j] = value;
            }
        }

        return rows[a.Length, b.Length];
    }
}
