using MarketPrism.Collector.Benchmarking;

namespace MarketPrism.Tests.Collector.Benchmarking;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_of_a_uniform_spread_are_within_two_percent()
    {
        var histogram = new LatencyHistogram();
        for (var microseconds = 1; microseconds <= 1_000_000; microseconds++)
        {
            histogram.Record(microseconds);
        }

        Assert.Equal(1_000_000, histogram.Count);
        Assert.InRange(histogram.Percentile(50), 500_000, 510_000);
        Assert.InRange(histogram.Percentile(99), 990_000, 1_000_000);
        Assert.Equal(1_000_000, histogram.Percentile(100));
        Assert.Equal(1_000_000, histogram.MaxMicroseconds);
    }

    [Fact]
    public void Small_values_are_exact_and_the_tail_is_not_hidden_by_the_bulk()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 990; i++)
        {
            histogram.Record(7);
        }

        for (var i = 0; i < 10; i++)
        {
            histogram.Record(2_000_000);
        }

        Assert.Equal(7, histogram.Percentile(50));
        Assert.Equal(7, histogram.Percentile(99));
        Assert.InRange(histogram.Percentile(99.9), 2_000_000, 2_032_000);
    }

    [Fact]
    public void Every_bucket_holds_values_up_to_its_upper_bound_and_no_further()
    {
        for (long value = 0; value < 50_000_000; value = (value * 3 / 2) + 1)
        {
            var index = LatencyHistogram.IndexOf(value);
            Assert.True(LatencyHistogram.UpperBound(index) >= value, $"{value} above its bucket's bound");
            Assert.True(index == 0 || LatencyHistogram.UpperBound(index - 1) < value, $"{value} belongs to an earlier bucket");
        }
    }

    [Fact]
    public void An_empty_histogram_reports_zero() => Assert.Equal(0, new LatencyHistogram().Percentile(99));
}
