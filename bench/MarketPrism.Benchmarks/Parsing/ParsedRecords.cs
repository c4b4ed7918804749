using MarketPrism.Core.Model;

namespace MarketPrism.Benchmarks.Parsing;

/// <summary>Normalized records of the real recorded frames, for benchmarks of what comes after parsing.</summary>
public static class ParsedRecords
{
    /// <summary>Every record of <paramref name="dataType"/> that <paramref name="set"/>'s frames normalize to, in recorded order.</summary>
    public static List<MarketRecord> Of(FrameSet set, DataType dataType)
    {
        var parser = set.CreateParser();
        var output = new List<MarketRecord>();
        var local = new DateTime(2021, 7, 22, 22, 25, 42, DateTimeKind.Utc);
        foreach (var frame in set.LoadFrames())
        {
            parser.Parse(frame, local, output);
        }

        output.RemoveAll(record => record.DataType != dataType);
        if (output.Count == 0)
        {
            throw new InvalidOperationException($"{set.Name} normalizes to no {dataType} record.");
        }

        return output;
    }
}
