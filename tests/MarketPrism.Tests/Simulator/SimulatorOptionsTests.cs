using MarketPrism.Simulator;
using MarketPrism.Simulator.Binance;
using MarketPrism.Simulator.Okx;
using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Tests.Simulator;

/// <summary>Each simulated venue owns its options; <see cref="SimulatorOptions"/> carries one set per catalog venue.</summary>
public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Every_catalog_venue_declares_its_options_with_unique_keys_and_valid_defaults()
    {
        var options = new SimulatorOptions();

        Assert.Equal([.. VenueCatalog.Venues.Select(plugin => plugin.Name)], options.Venues.Select(venue => venue.Venue));
        Assert.All(options.Venues, venue =>
        {
            Assert.NotEmpty(venue.Options);
            Assert.Equal(venue.Options.Count, venue.Options.Select(option => option.Key).Distinct(StringComparer.Ordinal).Count());
            Assert.All(venue.Options, option => Assert.Matches("^[a-z][a-z_]*$", option.Key));
            Assert.All(venue.Options, option => Assert.Null(option.Check()));
        });
        options.Validate();
    }

    [Fact]
    public void Binance_defaults_are_binances_published_heartbeats_and_limits_per_market()
    {
        var options = new SimulatorOptions();
        var spot = options.Venue<BinanceVenueOptions>(SimulatorHarness.Spot);
        var futures = options.Venue<BinanceVenueOptions>(SimulatorHarness.Futures);

        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(1), 5, 6000), (spot.PingInterval, spot.PongTimeout, spot.MessagesPerSecond, spot.RequestWeightPerMinute));
        Assert.Equal((TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10), 10, 2400), (futures.PingInterval, futures.PongTimeout, futures.MessagesPerSecond, futures.RequestWeightPerMinute));
    }

    [Fact]
    public void A_venue_option_is_set_from_text_by_venue_and_key()
    {
        var options = new SimulatorOptions();

        options.SetVenueOption("okx.idle_timeout=45s");
        options.SetVenueOption("okx.withhold_book_snapshot=true");
        options.SetVenueOption(" binance-futures.rest_weight_per_minute = 40 ");

        var okx = options.Venue<OkxVenueOptions>(SimulatorHarness.OkxVenue);
        Assert.Equal(TimeSpan.FromSeconds(45), okx.IdleTimeout);
        Assert.True(okx.WithholdBookSnapshot);
        Assert.Equal(40, options.Venue<BinanceVenueOptions>(SimulatorHarness.Futures).RequestWeightPerMinute);
        Assert.Equal(6000, options.Venue<BinanceVenueOptions>(SimulatorHarness.Spot).RequestWeightPerMinute);
    }

    [Theory]
    [InlineData("okx.idle_timeout", "'okx.idle_timeout' is not <venue>.<option>=<value>, e.g. okx.idle_timeout=45s.")]
    [InlineData("kraken.idle_timeout=5s", "kraken.idle_timeout: no simulated venue 'kraken'; venues: binance-spot, binance-futures, bybit-spot, bybit-linear, okx, deribit, coinbase, hyperliquid.")]
    [InlineData("okx.ping_interval=5s", "okx.ping_interval: okx has no option 'ping_interval'; its options: idle_timeout, withhold_book_snapshot, requests_per_minute.")]
    [InlineData("okx.idle_timeout=soon", "okx.idle_timeout: 'soon' is not a duration such as 30s or 5m.")]
    [InlineData("okx.idle_timeout=0s", "okx.idle_timeout: '0s' is not a duration such as 30s or 5m.")]
    [InlineData("deribit.messages_per_second=-3", "deribit.messages_per_second: '-3' is not a positive whole number.")]
    [InlineData("okx.withhold_book_snapshot=yes", "okx.withhold_book_snapshot: 'yes' is not true or false.")]
    public void A_bad_assignment_is_refused_with_a_message_naming_what_is_wrong(string assignment, string message)
    {
        var options = new SimulatorOptions();

        var error = Assert.Throws<ArgumentException>(() => options.SetVenueOption(assignment));

        Assert.Equal(message, error.Message[..error.Message.IndexOf(" (Parameter", StringComparison.Ordinal)]);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Venue<OkxVenueOptions>(SimulatorHarness.OkxVenue).IdleTimeout);
    }

    [Fact]
    public async Task An_invalid_venue_option_set_in_code_stops_the_start_naming_venue_and_key()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SimulatorHarness.StartAsync(o => o.Venue<BinanceVenueOptions>(SimulatorHarness.Spot).PongTimeout = TimeSpan.Zero));

        Assert.StartsWith("binance-spot.pong_timeout must be positive; got 00:00:00.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_a_venues_options_by_the_wrong_name_or_type_says_which_venues_exist()
    {
        var options = new SimulatorOptions();

        var error = Assert.Throws<KeyNotFoundException>(() => options.Venue<OkxVenueOptions>(SimulatorHarness.Spot));

        Assert.Contains("venues: binance-spot, binance-futures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_cli_flag_a_venue_declares_is_shared_only_by_options_of_the_same_kind()
    {
        var flagged = new SimulatorOptions().Venues.SelectMany(venue => venue.Options).Where(option => option.CliFlag is not null);

        Assert.All(flagged.GroupBy(option => option.CliFlag), group => Assert.Single(group.Select(option => option.Kind).Distinct()));
        Assert.All(flagged, option => Assert.StartsWith("--", option.CliFlag, StringComparison.Ordinal));
        Assert.Contains(flagged, option => option.Kind == VenueOptionKind.Switch);
    }
}
