using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Scheduling;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>The scheduler section as the plan writes it, and its errors.</summary>
public sealed class SchedulerConfigTests
{
    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(["binance"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText(yaml, "config/collector.yaml");

    [Fact]
    public void The_plans_job_config_works_as_written()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
            scheduler:
              jobs:
                funding_rate:        { enabled: true, interval: 1h }
                open_interest:       { enabled: true, interval: 15m }
                liquidation_monitor: { enabled: true, interval: 1m }
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        var jobs = result.Config.Scheduler.Jobs;
        Assert.Equal(["1h", "15m", "1m"], new[] { jobs[JobNames.FundingRate].Interval, jobs[JobNames.OpenInterest].Interval, jobs[JobNames.LiquidationMonitor].Interval });
        Assert.All(jobs.Values, job => Assert.True(job.Enabled && job.RunAtStart));
    }

    [Fact]
    public void A_cron_interval_is_accepted()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
            scheduler:
              jobs:
                funding_rate: { interval: "0 */8 * * *" }
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.True(JobSchedule.TryParse(result.Config.Scheduler.Jobs[JobNames.FundingRate].Interval, out _, out _));
    }

    [Fact]
    public void A_bad_interval_is_a_clear_config_error_with_its_position()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
            scheduler:
              jobs:
                funding_rate: { enabled: true, interval: every hour }
            """);

        var error = Assert.Single(result.Errors).ToString();
        Assert.Equal(
            "config/collector.yaml:6:46: scheduler.jobs.funding_rate.interval: `every hour` is neither a duration (30s, 15m, 1h) nor a cron expression (5 fields, or 6 with seconds)",
            error);
    }
}
