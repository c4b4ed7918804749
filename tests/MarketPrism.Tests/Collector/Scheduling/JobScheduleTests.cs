using MarketPrism.Collector.Scheduling;

namespace MarketPrism.Tests.Collector.Scheduling;

public sealed class JobScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    public void Durations_run_at_a_fixed_interval(string text, int seconds)
    {
        Assert.True(JobSchedule.TryParse(text, out var schedule, out _));
        Assert.Equal(Noon.AddSeconds(seconds), schedule.Next(Noon));
        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule.TypicalInterval(Noon));
    }

    [Fact]
    public void A_five_field_cron_expression_runs_at_its_minutes_in_utc()
    {
        Assert.True(JobSchedule.TryParse("*/5 * * * *", out var schedule, out _));

        Assert.Equal(Noon.AddMinutes(5), schedule.Next(Noon));
        Assert.Equal(Noon.AddMinutes(5), schedule.Next(Noon.AddMinutes(2)));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.TypicalInterval(Noon));
    }

    [Fact]
    public void A_six_field_cron_expression_has_seconds()
    {
        Assert.True(JobSchedule.TryParse("0 0 */8 * * *", out var schedule, out _));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero), schedule.Next(Noon));
        Assert.Equal(TimeSpan.FromHours(8), schedule.TypicalInterval(Noon));
    }

    [Theory]
    [InlineData("hourly")]
    [InlineData("")]
    [InlineData("* * *")]
    [InlineData("61 * * * *")]
    [InlineData("500ms")]
    public void A_bad_interval_is_an_error_that_says_what_is_accepted(string text)
    {
        Assert.False(JobSchedule.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
