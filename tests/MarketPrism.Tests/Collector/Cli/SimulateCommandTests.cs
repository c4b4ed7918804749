using MarketPrism.Collector.Cli;
using MarketPrism.Simulator.Binance;
using MarketPrism.Simulator.Bybit;
using MarketPrism.Simulator.Deribit;
using MarketPrism.Simulator.Okx;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary><c>simulate</c>'s command line: shared options, the flags venues declare (old spellings kept) and <c>--venue-option</c>.</summary>
public sealed class SimulateCommandTests
{
    [Fact]
    public void The_older_venue_flags_still_set_every_venue_that_declares_them()
    {
        var (options, error) = SimulateCommand.ReadOptions(
            "--port", "0", "--ping-interval", "1s", "--pong-timeout", "3s", "--heartbeat-timeout", "25s",
            "--okx-idle-timeout", "45s", "--okx-withhold-book-snapshot", "--rest-weight-per-minute", "10000000", "--max-connection-lifetime", "5s");

        Assert.Null(error);
        Assert.NotNull(options);
        foreach (var venue in new[] { "binance-spot", "binance-futures" })
        {
            var binance = options.Venue<BinanceVenueOptions>(venue);
            Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 10_000_000), (binance.PingInterval, binance.PongTimeout, binance.RequestWeightPerMinute));
        }

        var deribit = options.Venue<DeribitVenueOptions>("deribit");
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), (deribit.PingInterval, deribit.PongTimeout));
        Assert.Equal(TimeSpan.FromSeconds(25), options.Venue<BybitVenueOptions>("bybit-spot").HeartbeatTimeout);
        Assert.Equal(TimeSpan.FromSeconds(25), options.Venue<BybitVenueOptions>("bybit-linear").HeartbeatTimeout);
        var okx = options.Venue<OkxVenueOptions>("okx");
        Assert.Equal((TimeSpan.FromSeconds(45), true), (okx.IdleTimeout, okx.WithholdBookSnapshot));
        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxConnectionLifetime);
        options.Validate();
    }

    [Fact]
    public void Venue_option_assignments_come_after_the_flags_and_win()
    {
        var (options, error) = SimulateCommand.ReadOptions(
            "--ping-interval", "1s", "--venue-option", "deribit.ping_interval=7s", "--venue-option", "okx.requests_per_minute=30");

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromSeconds(7), options!.Venue<DeribitVenueOptions>("deribit").PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Venue<BinanceVenueOptions>("binance-spot").PingInterval);
        Assert.Equal(30, options.Venue<OkxVenueOptions>("okx").RequestsPerMinute);
    }

    [Fact]
    public void Without_venue_flags_every_venue_keeps_its_defaults()
    {
        var (options, _) = SimulateCommand.ReadOptions();

        Assert.Equal(TimeSpan.FromSeconds(20), options!.Venue<BinanceVenueOptions>("binance-spot").PingInterval);
        Assert.Equal(TimeSpan.FromMinutes(3), options.Venue<BinanceVenueOptions>("binance-futures").PingInterval);
        Assert.False(options.Venue<OkxVenueOptions>("okx").WithholdBookSnapshot);
    }

    [Theory]
    [InlineData(new[] { "--okx-idle-timeout", "soon" }, "--okx-idle-timeout: 'soon' is not a duration such as 30s or 5m.")]
    [InlineData(new[] { "--ping-interval", "-1s" }, "--ping-interval: '-1s' is not a duration such as 30s or 5m.")]
    [InlineData(new[] { "--rest-weight-per-minute", "lots" }, "--rest-weight-per-minute: 'lots' is not a positive whole number.")]
    [InlineData(new[] { "--max-connection-lifetime", "0s" }, "--max-connection-lifetime: '0s' is not a duration such as 30s or 5m.")]
    [InlineData(new[] { "--venue-option", "okx.idle=5s" }, "--venue-option: okx.idle: okx has no option 'idle'; its options: idle_timeout, withhold_book_snapshot, requests_per_minute.")]
    [InlineData(new[] { "--venue-option", "okx" }, "--venue-option: 'okx' is not <venue>.<option>=<value>, e.g. okx.idle_timeout=45s.")]
    public void A_bad_value_is_a_one_line_error_naming_the_flag(string[] args, string message)
    {
        var (options, error) = SimulateCommand.ReadOptions(args);

        Assert.Null(options);
        Assert.Equal(message, error);
    }
}
