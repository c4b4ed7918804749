using MarketPrism.Collector.Connections;

namespace MarketPrism.Tests.Collector.Connections;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Delays_stay_within_a_ceiling_that_doubles_per_failure_up_to_the_maximum()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(7));
        double[] expectedCeilings = [1, 2, 4, 8, 16, 32, 60, 60, 60];

        foreach (var ceiling in expectedCeilings)
        {
            Assert.Equal(TimeSpan.FromSeconds(ceiling), backoff.NextCeiling);
            Assert.InRange(backoff.NextDelay(), TimeSpan.Zero, TimeSpan.FromSeconds(ceiling));
        }
    }

    [Fact]
    public void Full_jitter_spreads_delays_over_the_whole_range()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), new Random(1));
        var delays = Enumerable.Range(0, 1000).Select(_ => backoff.NextDelay().TotalSeconds).ToList();

        Assert.True(delays.Min() < 3);
        Assert.True(delays.Max() > 57);
    }

    [Fact]
    public void Reset_after_a_success_starts_again_from_the_base_delay()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        backoff.NextDelay();
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(0, backoff.Failures);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextCeiling);
    }
}
