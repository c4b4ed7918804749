using System.Globalization;

namespace MarketPrism.Collector.Configuration;

/// <summary>Key paths as errors print them: <c>exchanges[0].symbols[2]</c>, <c>scheduler.jobs.funding_rate.interval</c>.</summary>
internal static class KeyPath
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : string.Concat(parent, ".", key);

    public static string Item(string parent, int index) =>
        string.Concat(parent, "[", index.ToString(CultureInfo.InvariantCulture), "]");

    /// <summary>The enclosing path (<c>exchanges[0]</c> for <c>exchanges[0].symbols</c>); empty for a top-level key.</summary>
    public static string Parent(string path)
    {
        var cut = path.Length - 1;
        if (cut >= 0 && path[cut] == ']')
        {
            return path[..path.LastIndexOf('[')];
        }

        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> itself or lies inside it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        ancestor.Length == 0
        || (path.StartsWith(ancestor, StringComparison.Ordinal)
            && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '['));
}
