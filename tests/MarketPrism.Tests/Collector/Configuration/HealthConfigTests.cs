using MarketPrism.Collector.Configuration;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>The <c>health</c> section: its defaults know which data types are sparse, and bad bounds are named.</summary>
public sealed class HealthConfigTests
{
    private const string OneExchange = """
        exchanges:
          - exchange: binance
            symbols: [BTC-USDT]
        """;

    private static ConfigLoadResult Load(string yaml) =>
        new ConfigLoader(["binance"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs)
            .LoadText(yaml, "config/collector.yaml", new Dictionary<string, string?>());

    [Fact]
    public void By_default_trades_and_liquidations_get_an_hour_books_a_minute_and_the_dead_connection_bound_follows_the_venue_heartbeat()
    {
        var result = Load(OneExchange);

        Assert.True(result.Succeeded, result.FormatErrors());
        var health = result.Config!.Health;
        Assert.Equal(TimeSpan.Zero, health.ConnectionSilence);
        Assert.Equal(TimeSpan.FromHours(1), health.StaleAfter["trade"]);
        Assert.Equal(TimeSpan.FromHours(1), health.StaleAfter["liquidation"]);
        Assert.Equal(TimeSpan.FromSeconds(60), health.StaleAfter["book_delta"]);
    }

    [Fact]
    public void A_configured_connection_silence_and_stale_after_are_read()
    {
        var result = Load(OneExchange + "\nhealth:\n  connection_silence: 45s\n  stale_after:\n    trade: 10m\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(TimeSpan.FromSeconds(45), result.Config!.Health.ConnectionSilence);
        Assert.Equal(TimeSpan.FromMinutes(10), result.Config.Health.StaleAfter["trade"]);
    }

    [Fact]
    public void A_sub_second_connection_silence_is_an_error_naming_the_key()
    {
        var result = Load(OneExchange + "\nhealth:\n  connection_silence: 500ms\n");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors).ToString();
        Assert.Contains("health.connection_silence", error, StringComparison.Ordinal);
        Assert.Contains("must be 0 (derived from the venue's heartbeat) or at least 1s", error, StringComparison.Ordinal);
    }
}
