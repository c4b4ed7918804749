using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Books;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>Each bad config gives one clear error with the right source, line, column and key path.</summary>
public sealed class ConfigLoaderTests
{
    private const string Source = "config/collector.yaml";

    private const string OneExchange = """
        exchanges:
          - exchange: binance
            symbols: [BTC-USDT]
        """;

    private static ConfigLoadResult Load(string yaml, params (string Name, string? Value)[] environment) =>
        new ConfigLoader(["binance"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs)
            .LoadText(yaml, Source, environment.ToDictionary(variable => variable.Name, variable => variable.Value));

    private static string SingleError(ConfigLoadResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Config);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Deribit_instruments_without_a_base_quote_form_are_given_in_deribit_spelling()
    {
        var result = new ConfigLoader(["binance", "deribit"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText("""
            exchanges:
              - exchange: deribit
                market_type: option
                symbols: [BTC-USD, BTC-27DEC24-100000-C, MATIC_USDC-9MAR24-1d02-C]
              - exchange: deribit
                market_type: perpetual
                symbols: [BTC-USD, ETH-USDC, SOL_USDC-PERPETUAL]
            """, Source, new Dictionary<string, string?>());

        // SOL_USDC-PERPETUAL has a BASE-QUOTE name (SOL-USDC), which is the one to use.
        Assert.Equal(
            "config/collector.yaml:7:34: exchanges[1].symbols[2]: `SOL_USDC-PERPETUAL` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT",
            Assert.Single(result.Errors).ToString());
        result = new ConfigLoader(["binance", "deribit"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText("""
            exchanges:
              - exchange: deribit
                market_type: option
                symbols: [BTC-USD, BTC-27DEC24-100000-C, MATIC_USDC-9MAR24-1d02-C]
            """, Source, new Dictionary<string, string?>());

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(["BTC-USD", "BTC-27DEC24-100000-C", "MATIC_USDC-9MAR24-1d02-C"], result.Config.Exchanges[0].Symbols);
    }

    [Fact]
    public void A_symbol_the_venue_cannot_map_is_rejected_with_the_venue_reason()
    {
        var result = new ConfigLoader(["deribit"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText("""
            exchanges:
              - exchange: deribit
                market_type: futures
                symbols: [BTC-USD]
            """, Source, new Dictionary<string, string?>());

        Assert.Equal(
            "config/collector.yaml:4:15: exchanges[0].symbols[0]: 'BTC-USD': a Deribit future must be given as its instrument name, e.g. BTC-27DEC24.",
            SingleError(result));
    }

    [Fact]
    public void Two_spellings_of_one_instrument_are_listed_twice()
    {
        var result = new ConfigLoader(["deribit"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs).LoadText("""
            exchanges:
              - exchange: deribit
                market_type: perpetual
                symbols: [BTC-USD, BTC-PERPETUAL]
            """, Source, new Dictionary<string, string?>());

        Assert.Equal(
            "config/collector.yaml:4:24: exchanges[0].symbols[1]: `BTC-PERPETUAL` is listed twice for deribit perpetual (first at exchanges[0].symbols[0])",
            SingleError(result));
    }

    [Fact]
    public void Minimal_config_loads()
    {
        var result = Load(OneExchange);

        Assert.True(result.Succeeded, result.FormatErrors());
        var entry = Assert.Single(result.Config.Exchanges);
        Assert.Equal("binance", entry.Exchange);
        Assert.Equal(["BTC-USDT"], entry.Symbols);
    }

    [Fact]
    public void An_okx_future_is_configured_by_its_instrument_id_and_the_venue_rejects_one_without_expiry()
    {
        var loader = new ConfigLoader(["binance", "okx"], MarketPrism.Collector.Cli.ConfigSupport.KnownJobs);
        var good = loader.LoadText("""
            exchanges:
              - exchange: okx
                market_type: futures
                symbols: [BTC-USD-220527]
            """, Source, new Dictionary<string, string?>());
        var bad = loader.LoadText("""
            exchanges:
              - exchange: okx
                market_type: futures
                symbols: [BTC-USD]
            """, Source, new Dictionary<string, string?>());

        Assert.True(good.Succeeded, good.FormatErrors());
        Assert.Equal("config/collector.yaml:4:15: exchanges[0].symbols[0]: 'BTC-USD': an OKX dated future must be given as its instrument id, e.g. BTC-USD-250926.", SingleError(bad));
    }

    [Fact]
    public void A_dated_symbol_is_only_accepted_on_a_futures_entry()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                market_type: perpetual
                symbols: [BTC-USD-220527]
            """));

        Assert.Equal("config/collector.yaml:4:15: exchanges[0].symbols[0]: `BTC-USD-220527` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT", error);
    }

    [Fact]
    public void The_long_short_ratio_job_runs_every_five_minutes_by_default()
    {
        var config = new CollectorConfig();

        Assert.Equal("5m", config.Scheduler.Jobs["long_short_ratio"].Interval);
        Assert.True(config.Books.VerifyChecksum);
    }

    [Fact]
    public void Unknown_top_level_key_is_named_with_the_closest_valid_key_and_its_position()
    {
        var error = SingleError(Load(OneExchange + "\npipline:\n  batch_size: 10\n"));

        Assert.Equal("config/collector.yaml:4:1: pipline: unknown key `pipline` at the top level; did you mean `pipeline`?", error);
    }

    [Fact]
    public void Unknown_nested_key_is_named_with_the_closest_valid_key_and_its_position()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                ws_ur: wss://stream.binance.com:9443
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:3:5: exchanges[0].ws_ur: unknown key `ws_ur` in `exchanges[0]`; did you mean `ws_url`?", error);
    }

    [Fact]
    public void Unknown_key_with_nothing_close_lists_the_valid_keys()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  listen_everywhere: true\n"));

        Assert.Equal("config/collector.yaml:5:3: http.listen_everywhere: unknown key `listen_everywhere` in `http`; valid keys: enabled, host, port, per_symbol_metrics", error);
    }

    [Fact]
    public void Wrong_scalar_type_names_the_key_the_expected_type_and_the_value_position()
    {
        var error = SingleError(Load(OneExchange + "\npipeline:\n  batch_size: lots\n"));

        Assert.Equal("config/collector.yaml:5:15: pipeline.batch_size: expected an integer, got `lots`", error);
    }

    [Fact]
    public void A_mapping_where_a_value_belongs_is_a_type_error()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  port:\n    number: 9090\n"));

        Assert.Equal("config/collector.yaml:6:5: http.port: expected an integer, got a mapping of keys", error);
    }

    [Fact]
    public void Key_without_a_value_is_an_error_that_says_how_to_get_the_default()
    {
        var error = SingleError(Load(OneExchange + "\npipeline:\n  batch_size:\n"));

        Assert.Equal("config/collector.yaml:5:14: pipeline.batch_size: has no value; expected an integer (remove the key to use the default)", error);
    }

    [Fact]
    public void Integer_too_large_is_reported_as_out_of_range()
    {
        var error = SingleError(Load(OneExchange + "\npipeline:\n  channel_capacity: 99999999999\n"));

        Assert.Equal("config/collector.yaml:5:21: pipeline.channel_capacity: `99999999999` is out of range for an integer (at most 2147483647)", error);
    }

    [Fact]
    public void Bad_duration_shows_the_accepted_forms()
    {
        var error = SingleError(Load(OneExchange + "\npipeline:\n  flush_interval: 10 seconds\n"));

        Assert.Equal("config/collector.yaml:5:19: pipeline.flush_interval: expected a duration such as 100ms, 30s, 15m, 1h or 1h30m, got `10 seconds`", error);
    }

    [Fact]
    public void Bad_size_shows_the_accepted_forms()
    {
        var error = SingleError(Load(OneExchange + "\nsinks:\n  file:\n    roll_size: 256 megs\n"));

        Assert.Equal("config/collector.yaml:6:16: sinks.file.roll_size: expected a size such as 512KB, 256MB, 1GB or a byte count, got `256 megs`", error);
    }

    [Fact]
    public void Bad_enum_lists_the_snake_case_values()
    {
        var error = SingleError(Load(OneExchange + "\npipeline:\n  full_mode: drop_new\n"));

        Assert.Equal("config/collector.yaml:5:14: pipeline.full_mode: expected one of wait, drop_newest, drop_oldest, got `drop_new`", error);
    }

    [Fact]
    public void Bad_boolean_says_true_or_false()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  enabled: sometimes\n"));

        Assert.Equal("config/collector.yaml:5:12: http.enabled: expected true or false, got `sometimes`", error);
    }

    [Fact]
    public void WebSocket_url_with_an_http_scheme_is_rejected()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                ws_url: https://stream.binance.com:9443
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:3:13: exchanges[0].ws_url: must use ws:// or wss://, got `https://stream.binance.com:9443`", error);
    }

    [Fact]
    public void Rest_url_that_is_not_absolute_is_rejected()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                base_url: api.binance.com
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:3:15: exchanges[0].base_url: must be an absolute http:// or https:// URL, got `api.binance.com`", error);
    }

    [Fact]
    public void Empty_symbol_list_is_reported_at_its_key()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                market_type: perpetual
                symbols: []
            """));

        Assert.Equal("config/collector.yaml:4:5: exchanges[0].symbols: must list at least one symbol", error);
    }

    [Fact]
    public void Spot_entry_without_any_symbols_mentions_futures_symbols()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
            """));

        Assert.Equal("config/collector.yaml:2:5: exchanges[0].symbols: must list at least one symbol (or list perpetuals in `futures_symbols`)", error);
    }

    [Fact]
    public void Spot_entry_with_only_futures_symbols_is_valid()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                futures_symbols: [BTC-USDT]
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Empty(result.Config.Exchanges[0].Symbols);
    }

    [Fact]
    public void Lower_case_symbol_is_rejected_with_the_upper_case_form_suggested()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT, eth-usdt]
            """));

        Assert.Equal("config/collector.yaml:3:25: exchanges[0].symbols[1]: `eth-usdt` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT; did you mean `ETH-USDT`?", error);
    }

    [Fact]
    public void Exchange_spelling_of_a_symbol_is_rejected()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols:
                  - BTCUSDT
            """));

        Assert.Equal("config/collector.yaml:4:9: exchanges[0].symbols[0]: `BTCUSDT` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT", error);
    }

    [Fact]
    public void Duplicate_symbol_in_one_list_points_at_the_first()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT, ETH-USDT, BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:3:35: exchanges[0].symbols[2]: `BTC-USDT` is listed twice for binance spot (first at exchanges[0].symbols[0])", error);
    }

    [Fact]
    public void Perpetual_collected_by_two_entries_is_a_duplicate()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                futures_symbols: [BTC-USDT]
              - exchange: binance
                market_type: perpetual
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:6:15: exchanges[1].symbols[0]: `BTC-USDT` is listed twice for binance perpetual (first at exchanges[0].futures_symbols[0])", error);
    }

    [Fact]
    public void Same_symbol_on_spot_and_perpetual_is_not_a_duplicate()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                futures_symbols: [BTC-USDT]
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
    }

    [Fact]
    public void Unknown_data_type_lists_the_valid_ones_and_suggests_the_closest()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                data_types: [trades, book_delta]
            """));

        Assert.Equal("config/collector.yaml:4:18: exchanges[0].data_types[0]: unknown data type `trades`; valid: trade, book_delta, book_snapshot, best_bid_ask, funding_rate, open_interest, liquidation, mark_price, long_short_ratio, volatility_index; did you mean `trade`?", error);
    }

    [Fact]
    public void Unknown_exchange_lists_the_known_ones_and_suggests_the_closest()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binanse
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:2:15: exchanges[0].exchange: unknown exchange `binanse`; known exchanges: binance; did you mean `binance`?", error);
    }

    [Fact]
    public void Missing_exchange_name_is_required()
    {
        var error = SingleError(Load("""
            exchanges:
              - symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:2:5: exchanges[0].exchange: is required; known exchanges: binance", error);
    }

    [Fact]
    public void Unknown_market_type_lists_the_valid_ones()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                market_type: swap
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:3:18: exchanges[0].market_type: unknown market type `swap`; valid: spot, perpetual, futures, option", error);
    }

    [Fact]
    public void Unknown_market_type_does_not_also_fail_the_spot_only_rules()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                market_type: sopt
                symbols: [BTC-USDT]
                futures_symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:3:18: exchanges[0].market_type: unknown market type `sopt`; valid: spot, perpetual, futures, option; did you mean `spot`?", error);
    }

    [Fact]
    public void Futures_keys_on_a_perpetual_entry_are_rejected()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                market_type: perpetual
                symbols: [BTC-USDT]
                futures_symbols: [ETH-USDT]
            """));

        Assert.Equal("config/collector.yaml:5:5: exchanges[0].futures_symbols: is only allowed on a spot entry (this entry is perpetual); list this market's symbols in `symbols`", error);
    }

    [Fact]
    public void Unknown_trade_stream_is_rejected()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                trade_stream: aggTrade
            """));

        Assert.Equal("config/collector.yaml:4:19: exchanges[0].trade_stream: must be trade or agg_trade, got `aggTrade`; did you mean `agg_trade`?", error);
    }

    [Fact]
    public void Negative_batch_size_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\npipeline:\n  batch_size: -5\n"));

        Assert.Equal("config/collector.yaml:5:15: pipeline.batch_size: must be positive, got -5", error);
    }

    [Fact]
    public void Zero_rate_limit_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\n    max_requests_per_minute: 0\n"));

        Assert.Equal("config/collector.yaml:4:30: exchanges[0].max_requests_per_minute: must be positive, got 0", error);
    }

    [Fact]
    public void Snapshot_depth_above_5000_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\nbooks:\n  snapshot_depth: 6000\n"));

        Assert.Equal("config/collector.yaml:5:19: books.snapshot_depth: must be from 1 to 5000, got 6000", error);
    }

    [Fact]
    public void Rest_snapshot_limit_outside_the_futures_set_is_rejected_when_perpetuals_are_collected()
    {
        const string yaml = """
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
                futures_symbols: [BTC-USDT]
            books:
              rest_snapshot_limit: 2000
            """;

        var error = SingleError(Load(yaml));

        Assert.Equal("config/collector.yaml:6:24: books.rest_snapshot_limit: must be one of 5, 10, 20, 50, 100, 500, 1000 because exchanges[0] collects Binance futures, whose /depth accepts only those; got 2000", error);
    }

    [Theory]
    [InlineData("max_levels: 10", "books.max_levels: must be 0 (every level) or at least 20 (books.snapshot_depth), got 10")]
    [InlineData("max_levels: 50\n  snapshot_depth: 100", "books.max_levels: must be 0 (every level) or at least 100 (books.snapshot_depth), got 50")]
    [InlineData("max_levels: -1", "books.max_levels: must be 0 (every level) or a positive number of levels, got -1")]
    public void A_book_bound_below_what_is_read_from_the_book_is_rejected(string books, string expected)
    {
        var result = Load(OneExchange + "\nbooks:\n  " + books + "\n");

        Assert.EndsWith(expected, SingleError(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_book_bound_may_be_0_for_every_level_and_a_deeper_rest_snapshot_raises_it()
    {
        var unbounded = Load(OneExchange + "\nbooks:\n  max_levels: 0\n");
        var deeper = Load(OneExchange + "\nbooks:\n  rest_snapshot_limit: 5000\n  max_levels: 1000\n");

        Assert.True(unbounded.Succeeded, unbounded.FormatErrors());
        Assert.True(deeper.Succeeded, deeper.FormatErrors());
        Assert.Equal((0, 1000), (unbounded.Config.Books.MaxLevels, new BookOptions().MaxLevels));
    }

    [Fact]
    public void Rest_snapshot_limit_up_to_5000_is_valid_for_spot_only()
    {
        var result = Load(OneExchange + "\nbooks:\n  rest_snapshot_limit: 5000\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(5000, result.Config.Books.RestSnapshotLimit);
    }

    [Fact]
    public void Port_out_of_range_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  port: 70000\n"));

        Assert.Equal("config/collector.yaml:5:9: http.port: must be from 0 to 65535 (0 picks a free port), got 70000", error);
    }

    [Fact]
    public void Port_zero_is_allowed()
    {
        var result = Load(OneExchange + "\nhttp:\n  port: 0\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(0, result.Config.Http.Port);
    }

    [Fact]
    public void Unknown_scheduler_job_is_rejected_with_a_suggestion()
    {
        var error = SingleError(Load(OneExchange + "\nscheduler:\n  jobs:\n    funding_rates:\n      interval: 8h\n"));

        Assert.Equal("config/collector.yaml:6:5: scheduler.jobs.funding_rates: unknown job `funding_rates`; known jobs: funding_rate, open_interest, liquidation_monitor, long_short_ratio; did you mean `funding_rate`?", error);
    }

    [Fact]
    public void Unparsable_job_interval_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\nscheduler:\n  jobs:\n    open_interest:\n      interval: hourly\n"));

        Assert.Equal("config/collector.yaml:7:17: scheduler.jobs.open_interest.interval: `hourly` is neither a duration (30s, 15m, 1h) nor a cron expression (5 fields, or 6 with seconds)", error);
    }

    [Fact]
    public void Reconnect_base_delay_above_the_maximum_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\nconnections:\n  reconnect_base_delay: 2m\n"));

        Assert.Equal("config/collector.yaml:5:25: connections.reconnect_base_delay: must not exceed connections.reconnect_max_delay (1m), got 2m", error);
    }

    [Fact]
    public void Unknown_log_level_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\ncollector:\n  log_level: info\n"));

        Assert.Equal("config/collector.yaml:5:14: collector.log_level: unknown log level `info`; valid: trace, debug, information, warning, error, critical, none", error);
    }

    [Fact]
    public void No_exchanges_at_all_is_rejected()
    {
        var error = SingleError(Load("http:\n  port: 9090\n"));

        Assert.Equal("config/collector.yaml:1:1: exchanges: must list at least one exchange entry", error);
    }

    [Fact]
    public void Only_disabled_exchanges_is_rejected()
    {
        var error = SingleError(Load(OneExchange + "\n    enabled: false\n"));

        Assert.Equal("config/collector.yaml:1:1: exchanges: every exchange entry is disabled; enable at least one", error);
    }

    [Fact]
    public void Empty_file_is_a_clear_error()
    {
        Assert.Equal(
            "config/collector.yaml:1:1: the config is empty; it must be a mapping of sections with at least `exchanges` (see config/collector.yaml)",
            SingleError(Load("")));
    }

    [Fact]
    public void File_of_only_comments_is_empty()
    {
        Assert.Equal(
            "config/collector.yaml:1:1: the config is empty; it must be a mapping of sections with at least `exchanges` (see config/collector.yaml)",
            SingleError(Load("# exchanges:\n#   - exchange: binance\n")));
    }

    [Fact]
    public void List_at_the_top_level_is_a_clear_error()
    {
        Assert.Equal(
            "config/collector.yaml:1:1: the top level must be a mapping of sections (collector, exchanges, books, ...), but it is a list",
            SingleError(Load("- exchange: binance\n")));
    }

    [Fact]
    public void Yaml_syntax_error_has_its_position()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
               http: 1
            """));

        Assert.Equal("config/collector.yaml:4:4: invalid YAML: While parsing a block collection, did not find expected '-' indicator.", error);
    }

    [Fact]
    public void Unclosed_bracket_at_the_end_of_the_file_is_a_syntax_error_with_position()
    {
        var error = SingleError(Load("exchanges:\n  - exchange: binance\n    symbols: [BTC-USDT\n"));

        Assert.Equal("config/collector.yaml:4:1: invalid YAML: While parsing a flow sequence, did not find expected ',' or ']'.", error);
    }

    [Fact]
    public void Unclosed_bracket_followed_by_more_keys_is_a_syntax_error_where_parsing_stopped()
    {
        // YamlDotNet throws InvalidOperationException here rather than a YamlException; it must still be a config error.
        var error = SingleError(Load("exchanges:\n  - exchange: binance\n    symbols: [BTC-USDT\nhttp:\n  port: 1\n"));

        Assert.Equal("config/collector.yaml:4:1: invalid YAML near here; is a `[`, `{` or quote left open above?", error);
    }

    [Fact]
    public void Tab_indentation_is_reported_at_the_tab()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  enabled: true\n \tport: 1\n"));

        Assert.Equal("config/collector.yaml:6:2: invalid YAML: a tab is used for indentation; YAML indents with spaces only", error);
    }

    [Fact]
    public void Duplicate_key_is_reported_at_the_second_occurrence()
    {
        var error = SingleError(Load(OneExchange + "\nhttp:\n  port: 1\n  port: 2\n"));

        Assert.Equal("config/collector.yaml:6:3: http.port: key `port` appears twice in the same mapping", error);
    }

    [Fact]
    public void Duplicate_key_in_a_list_entry_is_named_with_its_full_key_path()
    {
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: [BTC-USDT]
              - exchange: binance
                market_type: perpetual
                symbols: [ETH-USDT]
                symbols: [BTC-USDT]
            """));

        Assert.Equal("config/collector.yaml:7:5: exchanges[1].symbols: key `symbols` appears twice in the same mapping", error);
    }

    [Fact]
    public void Two_yaml_documents_are_rejected()
    {
        var error = SingleError(Load(OneExchange + "\n---\nhttp:\n  port: 1\n"));

        Assert.Equal("config/collector.yaml:5:1: the file holds 2 YAML documents (separated by `---`); a config is exactly one", error);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "marketprism-" + Guid.NewGuid().ToString("N"), "collector.yaml");

        var result = new ConfigLoader(["binance"], ["funding_rate"]).Load(path, new Dictionary<string, string?>());

        Assert.Equal($"{path}: config file not found", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Every_error_is_reported_in_file_order_not_only_the_first()
    {
        var result = Load("""
            exchanges:
              - exchange: binanse
                symbols: [BTC-USDT, btc]
            pipeline:
              batch_size: lots
            http:
              prot: 9090
            """);

        Assert.Equal(
            [
                "config/collector.yaml:2:15: exchanges[0].exchange: unknown exchange `binanse`; known exchanges: binance; did you mean `binance`?",
                "config/collector.yaml:3:25: exchanges[0].symbols[1]: `btc` is not a symbol of the form BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT",
                "config/collector.yaml:5:15: pipeline.batch_size: expected an integer, got `lots`",
                "config/collector.yaml:7:3: http.prot: unknown key `prot` in `http`; did you mean `port`?",
            ],
            result.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void A_value_that_cannot_be_read_does_not_also_fail_the_rules_that_depend_on_it()
    {
        // `symbols` as a scalar leaves the list empty; "must list at least one symbol" would be noise.
        var error = SingleError(Load("""
            exchanges:
              - exchange: binance
                symbols: BTC-USDT
            """));

        Assert.Equal("config/collector.yaml:3:14: exchanges[0].symbols: expected a list of values, got `BTC-USDT` (write a list: [BTC-USDT])", error);
    }

    [Fact]
    public void Error_fields_carry_source_position_and_key_path()
    {
        var error = Assert.Single(Load(OneExchange + "\npipeline:\n  batch_size: -1\n").Errors);

        Assert.Equal(new ConfigError(Source, 5, 15, "pipeline.batch_size", "must be positive, got -1"), error);
    }

    [Fact]
    public void Values_are_parsed_in_their_config_forms()
    {
        var result = Load(OneExchange + """

            pipeline:
              full_mode: drop_oldest
              flush_interval: 250ms
              channel_capacity: 100_000
            sinks:
              file:
                format: jsonl
                roll_size: 1GB
                roll_interval: 1h30m
            books:
              snapshot_interval: 0
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        var config = result.Config;
        Assert.Equal(ChannelFullMode.DropOldest, config.Pipeline.FullMode);
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.Pipeline.FlushInterval);
        Assert.Equal(100_000, config.Pipeline.ChannelCapacity);
        Assert.Equal(MarketPrism.Sinks.FileStore.FileStoreFormat.Jsonl, config.Sinks.File.Format);
        Assert.Equal(1L << 30, config.Sinks.File.RollSize.Bytes);
        Assert.Equal(TimeSpan.FromMinutes(90), config.Sinks.File.RollInterval);
        Assert.Equal(TimeSpan.Zero, config.Books.SnapshotInterval);
    }

    [Fact]
    public void Defaults_apply_when_sections_are_omitted()
    {
        var result = Load(OneExchange);

        Assert.True(result.Succeeded, result.FormatErrors());
        var config = result.Config;
        var entry = config.Exchanges[0];
        Assert.Equal("spot", entry.MarketType);
        Assert.True(entry.Enabled);
        Assert.Null(entry.BaseUrl);
        Assert.Null(entry.WsUrl);
        Assert.Empty(entry.DataTypes);
        Assert.Empty(entry.Options);
        Assert.Equal("trade", Assert.IsType<MarketPrism.Exchanges.Binance.BinanceOptions>(entry.VenueOptions).TradeStream);
        Assert.Equal(1200, entry.MaxRequestsPerMinute);
        Assert.Equal("marketprism", config.Collector.Name);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Collector.ShutdownTimeout);
        Assert.Equal(20, config.Books.SnapshotDepth);
        Assert.Equal(1000, config.Books.RestSnapshotLimit);
        Assert.Equal(100, config.Pipeline.BatchSize);
        Assert.Equal(ChannelFullMode.Wait, config.Pipeline.FullMode);
        Assert.Equal("data", config.Sinks.File.Directory);
        Assert.Equal(256L * 1024 * 1024, config.Sinks.File.RollSize.Bytes);
        Assert.Equal(TimeSpan.FromHours(23), config.Connections.MaxLifetime);
        Assert.Equal("1h", config.Scheduler.Jobs["funding_rate"].Interval);
        Assert.Equal("15m", config.Scheduler.Jobs["open_interest"].Interval);
        Assert.Equal(9090, config.Http.Port);
    }

    [Fact]
    public void A_job_named_in_the_file_keeps_the_defaults_of_keys_it_leaves_out()
    {
        var result = Load(OneExchange + "\nscheduler:\n  jobs:\n    open_interest:\n      run_at_start: false\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        var jobs = result.Config.Scheduler.Jobs;
        Assert.Equal("15m", jobs["open_interest"].Interval);
        Assert.False(jobs["open_interest"].RunAtStart);
        Assert.Equal("1h", jobs["funding_rate"].Interval);
    }

    [Fact]
    public void A_section_with_every_key_commented_out_keeps_its_defaults()
    {
        var result = Load(OneExchange + "\nhttp:\n  # port: 9091\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(9090, result.Config.Http.Port);
    }

    [Fact]
    public void An_explicitly_empty_url_means_the_venue_default()
    {
        var result = Load(OneExchange + "\n    ws_url: ~\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Null(result.Config.Exchanges[0].WsUrl);
    }
}
