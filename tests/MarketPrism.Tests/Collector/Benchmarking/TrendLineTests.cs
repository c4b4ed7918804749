using MarketPrism.Collector.Benchmarking;

namespace MarketPrism.Tests.Collector.Benchmarking;

public class TrendLineTests
{
    [Fact]
    public void A_steady_leak_shows_as_its_slope_per_hour_through_the_noise()
    {
        var points = new List<(TimeSpan, double)>();
        for (var minute = 0; minute <= 30; minute++)
        {
            // 100 MiB plus 20 MiB/h, with a sawtooth of ±3 MiB (GC cycles).
            points.Add((TimeSpan.FromMinutes(minute), 100 + (minute / 3.0) + (minute % 2 == 0 ? 3 : -3)));
        }

        var trend = TrendLine.Fit(points);

        Assert.InRange(trend.SlopePerHour, 19, 21);
        Assert.InRange(trend.FittedRise, 9.5, 10.5);
        Assert.False(trend.IsFlat(0.05, 4));
    }

    [Fact]
    public void Noise_around_a_level_is_flat()
    {
        var points = new List<(TimeSpan, double)>();
        for (var minute = 0; minute <= 30; minute++)
        {
            points.Add((TimeSpan.FromMinutes(minute), 150 + (minute % 3 == 0 ? 5 : -2)));
        }

        var trend = TrendLine.Fit(points);

        Assert.InRange(trend.SlopePerHour, -2, 2);
        Assert.True(trend.IsFlat(0.05, 8));
    }

    [Fact]
    public void Fewer_than_two_samples_have_no_slope() =>
        Assert.Equal(0, TrendLine.Fit([(TimeSpan.Zero, 5.0)]).SlopePerHour);
}
