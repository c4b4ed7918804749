namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// Latencies in microseconds in log-linear buckets: exact below 128 µs, then 64 buckets per power of two (under 1.6%
/// error), up to hours. Fixed size, no allocation per value. One writer (the sink runner); readers take approximate
/// snapshots while it runs and exact ones after it stopped.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private const int MaxShift = 36;

    private readonly long[] _counts = new long[Linear + (MaxShift * SubBuckets)];
    private long _total;
    private long _max;

    public long Count => Volatile.Read(ref _total);

    public long MaxMicroseconds => Volatile.Read(ref _max);

    public void Record(long microseconds)
    {
        if (microseconds < 0)
        {
            microseconds = 0;
        }

        _counts[IndexOf(microseconds)]++;
        Volatile.Write(ref _total, _total + 1);
        if (microseconds > _max)
        {
            Volatile.Write(ref _max, microseconds);
        }
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of values fall (a bucket's upper bound).</summary>
    public long Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * total);
        rank = Math.Max(rank, 1);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    internal static int IndexOf(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        var msb = 63 - (int)long.LeadingZeroCount(value);
        var shift = msb - 6;
        if (shift > MaxShift)
        {
            return Linear + (MaxShift * SubBuckets) - 1;
        }

        var top = (int)(value >> shift);
        return Linear + ((shift - 1) * SubBuckets) + (top - SubBuckets);
    }

    internal static long UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var shift = ((index - Linear) / SubBuckets) + 1;
        var top = ((index - Linear) % SubBuckets) + SubBuckets;
        return ((long)(top + 1) << shift) - 1;
    }
}
