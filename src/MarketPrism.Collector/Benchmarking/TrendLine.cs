namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// The least-squares line through (time, value) samples: its slope shows a leak as steady growth, whatever the
/// noise of single readings.
/// </summary>
public readonly record struct TrendLine(double SlopePerHour, double Mean, double FittedRise, int Samples)
{
    public static TrendLine Fit(IReadOnlyList<(TimeSpan Time, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return new TrendLine(0, points.Count == 1 ? points[0].Value : 0, 0, points.Count);
        }

        double meanX = 0, meanY = 0;
        foreach (var (time, value) in points)
        {
            meanX += time.TotalHours;
            meanY += value;
        }

        meanX /= points.Count;
        meanY /= points.Count;
        double covariance = 0, variance = 0;
        foreach (var (time, value) in points)
        {
            var dx = time.TotalHours - meanX;
            covariance += dx * (value - meanY);
            variance += dx * dx;
        }

        var slope = variance == 0 ? 0 : covariance / variance;
        var span = points[^1].Time.TotalHours - points[0].Time.TotalHours;
        return new TrendLine(slope, meanY, slope * span, points.Count);
    }

    /// <summary>
    /// Flat when the fitted rise over the whole window is within <paramref name="relativeTolerance"/> of the mean or
    /// within <paramref name="absoluteTolerance"/>, whichever is larger (a few MB of RSS, one or two descriptors).
    /// </summary>
    public bool IsFlat(double relativeTolerance, double absoluteTolerance) =>
        FittedRise <= Math.Max(Math.Abs(Mean) * relativeTolerance, absoluteTolerance);
}
