using MarketPrism.Collector.Configuration;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary><c>MARKETPRISM_*</c> variables override config keys, and their errors name the variable.</summary>
public sealed class EnvironmentOverrideTests
{
    private const string OneExchange = """
        exchanges:
          - exchange: binance
            symbols: [BTC-USDT]
        """;

    private static ConfigLoadResult Load(string yaml, params (string Name, string? Value)[] environment) =>
        new ConfigLoader(["binance"], ["funding_rate", "open_interest", "long_short_ratio"])
            .LoadText(yaml, "collector.yaml", environment.ToDictionary(variable => variable.Name, variable => variable.Value));

    private static CollectorConfig LoadValid(string yaml, params (string Name, string? Value)[] environment)
    {
        var result = Load(yaml, environment);
        Assert.True(result.Succeeded, result.FormatErrors());
        return result.Config;
    }

    private static string SingleError(ConfigLoadResult result)
    {
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Scalar_override_replaces_the_file_value_and_is_reported()
    {
        var result = Load(OneExchange + "\nhttp:\n  port: 9090\n", ("MARKETPRISM_HTTP__PORT", "9091"));

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(9091, result.Config.Http.Port);
        Assert.Equal([new ConfigOverride("MARKETPRISM_HTTP__PORT", "http.port")], result.AppliedOverrides);
    }

    [Fact]
    public void Override_of_a_key_absent_from_the_file_creates_it()
    {
        var config = LoadValid(OneExchange, ("MARKETPRISM_SINKS__FILE__DIRECTORY", "/var/lib/mp"));

        Assert.Equal("/var/lib/mp", config.Sinks.File.Directory);
    }

    [Fact]
    public void Override_inside_a_list_entry_uses_its_index()
    {
        var config = LoadValid(OneExchange, ("MARKETPRISM_EXCHANGES__0__WS_URL", "ws://127.0.0.1:8765/binance/spot"));

        Assert.Equal("ws://127.0.0.1:8765/binance/spot", config.Exchanges[0].WsUrl);
    }

    [Fact]
    public void List_of_values_is_written_comma_separated()
    {
        var config = LoadValid(OneExchange, ("MARKETPRISM_EXCHANGES__0__SYMBOLS", "BTC-USDT, ETH-USDT"));

        Assert.Equal(["BTC-USDT", "ETH-USDT"], config.Exchanges[0].Symbols);
    }

    [Fact]
    public void One_item_of_a_list_can_be_replaced_by_index()
    {
        var config = LoadValid(OneExchange, ("MARKETPRISM_EXCHANGES__0__SYMBOLS__0", "ETH-USDT"));

        Assert.Equal(["ETH-USDT"], config.Exchanges[0].Symbols);
    }

    [Fact]
    public void Index_one_past_the_end_adds_an_entry()
    {
        var config = LoadValid(
            OneExchange,
            ("MARKETPRISM_EXCHANGES__1__EXCHANGE", "binance"),
            ("MARKETPRISM_EXCHANGES__1__MARKET_TYPE", "perpetual"),
            ("MARKETPRISM_EXCHANGES__1__SYMBOLS", "SUSHI-USDT"));

        Assert.Equal(2, config.Exchanges.Count);
        Assert.Equal("perpetual", config.Exchanges[1].MarketType);
        Assert.Equal(["SUSHI-USDT"], config.Exchanges[1].Symbols);
    }

    [Fact]
    public void Duration_and_enum_overrides_are_parsed_like_file_values()
    {
        var config = LoadValid(
            OneExchange,
            ("MARKETPRISM_PIPELINE__FLUSH_INTERVAL", "250ms"),
            ("MARKETPRISM_PIPELINE__FULL_MODE", "drop_newest"),
            ("MARKETPRISM_SINKS__FILE__ROLL_SIZE", "64MB"));

        Assert.Equal(TimeSpan.FromMilliseconds(250), config.Pipeline.FlushInterval);
        Assert.Equal(ChannelFullMode.DropNewest, config.Pipeline.FullMode);
        Assert.Equal(64L * 1024 * 1024, config.Sinks.File.RollSize.Bytes);
    }

    [Fact]
    public void Scheduler_job_keys_are_reached_by_job_name()
    {
        var config = LoadValid(OneExchange, ("MARKETPRISM_SCHEDULER__JOBS__FUNDING_RATE__INTERVAL", "8h"));

        Assert.Equal("8h", config.Scheduler.Jobs["funding_rate"].Interval);
        Assert.True(config.Scheduler.Jobs["funding_rate"].RunAtStart);
    }

    [Fact]
    public void Empty_value_resets_an_optional_url_to_the_venue_default()
    {
        var config = LoadValid(OneExchange + "\n    ws_url: wss://stream.binance.com:9443\n", ("MARKETPRISM_EXCHANGES__0__WS_URL", ""));

        Assert.Null(config.Exchanges[0].WsUrl);
    }

    [Fact]
    public void Variables_without_the_prefix_are_ignored()
    {
        var result = Load(OneExchange, ("PATH", "/usr/bin"), ("HTTP__PORT", "1"));

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Empty(result.AppliedOverrides);
    }

    [Fact]
    public void Override_of_an_unknown_key_names_the_variable_and_suggests_the_right_one()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_HTTP__PROT", "9091")));

        Assert.Equal("MARKETPRISM_HTTP__PROT: http.prot: no config key `prot` in `http`; did you mean MARKETPRISM_HTTP__PORT?", error);
    }

    [Fact]
    public void Single_underscore_between_keys_points_at_the_double_underscore_form()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_HTTP_PORT", "9091")));

        Assert.Equal("MARKETPRISM_HTTP_PORT: http_port: no config key `http_port` at the top level; did you mean MARKETPRISM_HTTP__PORT?", error);
    }

    [Fact]
    public void Bad_override_value_names_the_variable_as_the_source()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  port: 9090\n", ("MARKETPRISM_HTTP__PORT", "abc")));

        Assert.Equal("MARKETPRISM_HTTP__PORT: http.port: expected an integer, got `abc`", error);
    }

    [Fact]
    public void Override_that_breaks_a_rule_names_the_variable_as_the_source()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_EXCHANGES__0__WS_URL", "https://stream.binance.com")));

        Assert.Equal("MARKETPRISM_EXCHANGES__0__WS_URL: exchanges[0].ws_url: must use ws:// or wss://, got `https://stream.binance.com`", error);
    }

    [Fact]
    public void Malformed_symbol_in_a_list_override_names_the_variable()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_EXCHANGES__0__SYMBOLS", "BTC-USDT,ethusdt")));

        Assert.Equal("MARKETPRISM_EXCHANGES__0__SYMBOLS: exchanges[0].symbols[1]: `ethusdt` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT", error);
    }

    [Fact]
    public void Index_beyond_the_end_of_a_list_is_an_error()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_EXCHANGES__3__WS_URL", "ws://127.0.0.1:1")));

        Assert.Equal("MARKETPRISM_EXCHANGES__3__WS_URL: exchanges[3]: `exchanges` has 1 entries, so the index can be at most 1 (which adds an entry)", error);
    }

    [Fact]
    public void Name_instead_of_an_index_is_an_error()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_EXCHANGES__BINANCE__WS_URL", "ws://127.0.0.1:1")));

        Assert.Equal("MARKETPRISM_EXCHANGES__BINANCE__WS_URL: exchanges: `exchanges` is a list: the part after it must be an index (0, 1, ...), got `binance`", error);
    }

    [Fact]
    public void Override_of_a_whole_section_is_an_error_that_shows_the_key_form()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_HTTP", "9091")));

        Assert.Equal("MARKETPRISM_HTTP: http: `http` is a mapping of keys, not a single value; override its keys one by one, e.g. MARKETPRISM_HTTP__ENABLED", error);
    }

    [Fact]
    public void Key_below_a_single_value_is_an_error()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_HTTP__PORT__NUMBER", "1")));

        Assert.Equal("MARKETPRISM_HTTP__PORT__NUMBER: http.port: `http.port` is a single value; it has no key `number`", error);
    }

    [Fact]
    public void Override_applies_before_validation_so_an_env_only_value_can_fix_the_file()
    {
        var config = LoadValid("exchanges:\n  - exchange: binance\n", ("MARKETPRISM_EXCHANGES__0__SYMBOLS", "BTC-USDT"));

        Assert.Equal(["BTC-USDT"], config.Exchanges[0].Symbols);
    }

    [Fact]
    public void Empty_key_between_separators_is_a_malformed_name()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_HTTP____PORT", "9091")));

        Assert.Equal("MARKETPRISM_HTTP____PORT: malformed override name: keys are joined by `__` (two underscores), e.g. MARKETPRISM_HTTP__PORT", error);
    }

    [Fact]
    public void Unknown_key_inside_a_job_suggests_the_job_key()
    {
        var error = SingleError(Load(OneExchange, ("MARKETPRISM_SCHEDULER__JOBS__OPEN_INTEREST__INTERVALL", "5m")));

        Assert.Equal("MARKETPRISM_SCHEDULER__JOBS__OPEN_INTEREST__INTERVALL: scheduler.jobs.open_interest.intervall: no config key `intervall` in `scheduler.jobs.open_interest`; did you mean MARKETPRISM_SCHEDULER__JOBS__OPEN_INTEREST__INTERVAL?", error);
    }

    [Fact]
    public void Prefix_is_matched_case_insensitively()
    {
        var config = LoadValid(OneExchange, ("marketprism_http__port", "9092"));

        Assert.Equal(9092, config.Http.Port);
    }
}
