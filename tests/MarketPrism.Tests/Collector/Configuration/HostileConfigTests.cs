using System.Text;
using MarketPrism.Collector.Configuration;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>
/// Configs built to break the loader (issue 15) give the usual positioned errors: nothing crashes, overflows or prints
/// without end. Each runs in-process: the nesting limit is enforced before the recursive tree builder sees the file.
/// </summary>
public sealed class HostileConfigTests
{
    private const string Source = "hostile.yaml";

    private const string OneExchange = """
        exchanges:
          - exchange: binance
            symbols: [BTC-USDT]

        """;

    private static ConfigLoadResult Load(string yaml) =>
        MarketPrism.Collector.Cli.ConfigSupport.CreateLoader().LoadText(yaml, Source, new Dictionary<string, string?>());

    private static string SingleError(string yaml)
    {
        var result = Load(yaml);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Fifty_thousand_levels_of_flow_nesting_are_stopped_at_level_64_with_a_position()
    {
        var yaml = OneExchange + "books: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

        var error = Assert.Single(Load(yaml).Errors);

        Assert.Equal((Source, 4, 8 + 63), (error.Source, error.Line, error.Column));
        Assert.Equal("books" + string.Concat(Enumerable.Repeat("[0]", 63)), error.KeyPath);
        Assert.Equal("the YAML nests deeper than 64 levels here; a config needs 4", error.Message);
    }

    [Fact]
    public void Thousands_of_levels_of_block_nesting_are_stopped_at_level_64()
    {
        // Block nesting indents one more space per level, so 3,000 levels is already 4.5 million characters.
        var yaml = new StringBuilder(OneExchange);
        for (var level = 0; level < 3_000; level++)
        {
            yaml.Append(' ', level).Append("k:\n");
        }

        var error = Assert.Single(Load(yaml.ToString()).Errors);

        Assert.Equal((4 + 64, 65), (error.Line, error.Column));
        Assert.StartsWith("k.k.k.k", error.KeyPath, StringComparison.Ordinal);
        Assert.Contains("nests deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixty_four_levels_are_still_read_and_reported_as_what_they_are()
    {
        // 63 lists, the outer one as `books` in the root mapping: 64 levels, the limit; the binder then says that
        // `books` is not a list.
        var yaml = OneExchange + "books: " + new string('[', 63) + new string(']', 63) + "\n";

        Assert.Equal("hostile.yaml:4:8: books: expected a mapping of keys, got a list", SingleError(yaml));
    }

    [Fact]
    public void A_duration_past_what_a_timespan_holds_is_a_positioned_error_not_an_exception()
    {
        Assert.Equal(
            "hostile.yaml:5:21: collector.shutdown_timeout: `922337203686s` is out of range for a duration (at most 10675199d2h48m5s477ms)",
            SingleError(OneExchange + "collector:\n  shutdown_timeout: 922337203686s\n"));
    }

    [Fact]
    public void A_duration_longer_than_a_timer_can_wait_is_an_error_at_load_not_a_crash_at_shutdown()
    {
        Assert.Equal(
            "hostile.yaml:5:21: collector.shutdown_timeout: must be at most 24d, got 100d",
            SingleError(OneExchange + "collector:\n  shutdown_timeout: 100d\n"));
    }

    [Fact]
    public void A_nats_stream_may_keep_messages_longer_than_a_timer_can_wait()
    {
        var result = Load(OneExchange + "sinks:\n  nats:\n    max_age: 365d\n    duplicate_window: 30d\n");

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(TimeSpan.FromDays(365), result.Config.Sinks.Nats.MaxAge);
    }

    [Theory]
    [InlineData("10675199d10675199d")] // each part fits, the sum does not
    [InlineData("99999999999999999999ms")] // more digits than a long
    [InlineData("10675200d")]
    public void Every_duration_too_long_for_a_timespan_is_out_of_range(string text)
    {
        Assert.Equal(
            $"hostile.yaml:5:21: collector.shutdown_timeout: `{text}` is out of range for a duration (at most 10675199d2h48m5s477ms)",
            SingleError(OneExchange + $"collector:\n  shutdown_timeout: {text}\n"));
    }

    [Theory]
    [InlineData("9999999999GB")]
    [InlineData("99999999999999999999")]
    public void A_size_past_a_long_is_out_of_range(string text)
    {
        Assert.Equal(
            $"hostile.yaml:6:15: sinks.spool.max_size: `{text}` is out of range for a size (at most 9223372036854775807 bytes)",
            SingleError(OneExchange + $"sinks:\n  spool:\n    max_size: {text}\n"));
    }

    [Theory]
    [InlineData("pipeline:\n  batch_size: 1e300\n", "hostile.yaml:5:15: pipeline.batch_size: expected an integer, got `1e300`")]
    [InlineData("pipeline:\n  batch_size: -99999999999999999999\n", "hostile.yaml:5:15: pipeline.batch_size: `-99999999999999999999` is out of range for an integer")]
    [InlineData("rest:\n  circuit_failure_ratio: 1e300\n", "hostile.yaml:5:26: rest.circuit_failure_ratio: expected a number, got `1e300`")]
    [InlineData("rest:\n  circuit_failure_ratio: 99999999999999999999999999999999\n", "hostile.yaml:5:26: rest.circuit_failure_ratio: expected a number, got `99999999999999999999999999999999`")]
    public void Extreme_numbers_are_positioned_errors(string section, string expected)
    {
        Assert.Equal(expected, SingleError(OneExchange + section));
    }

    [Fact]
    public void A_hundred_thousand_unknown_keys_are_each_an_error_but_only_the_first_50_are_printed()
    {
        var yaml = new StringBuilder(OneExchange);
        for (var i = 0; i < 100_000; i++)
        {
            yaml.Append("unknown_").Append(i).Append(": 1\n");
        }

        var result = Load(yaml.ToString());

        Assert.Equal(100_000, result.Errors.Count);
        var printed = result.FormatErrors().Split(Environment.NewLine);
        Assert.Equal(51, printed.Length);
        Assert.StartsWith("hostile.yaml:4:1: unknown_0: unknown key `unknown_0` at the top level", printed[0], StringComparison.Ordinal);
        Assert.StartsWith("hostile.yaml:53:1: unknown_49: ", printed[49], StringComparison.Ordinal);
        Assert.Equal("... and 99,950 more errors", printed[50]);
    }

    [Fact]
    public void Fifty_errors_or_fewer_are_all_printed_without_a_count()
    {
        var result = Load(OneExchange + string.Concat(Enumerable.Range(0, 50).Select(i => $"unknown_{i}: 1\n")));

        Assert.Equal(50, result.FormatErrors().Split(Environment.NewLine).Length);
    }

    [Fact]
    public void Aliases_that_expand_to_millions_of_values_are_stopped_at_the_alias_that_passes_the_limit()
    {
        // 1,000 symbols shared by 1,000 entries: a few kilobytes standing for a million values.
        var yaml = new StringBuilder("exchanges:\n  - exchange: binance\n    symbols: &many [");
        yaml.AppendJoin(", ", Enumerable.Repeat("BTC-USDT", 1000)).Append("]\n");
        for (var i = 0; i < 1000; i++)
        {
            yaml.Append("  - {exchange: binance, symbols: *many}\n");
        }

        var error = Assert.Single(Load(yaml.ToString()).Errors);

        Assert.Equal((103, 34, "exchanges[100].symbols"), (error.Line, error.Column, error.KeyPath));
        Assert.Equal("aliases (`*many` and those before it) repeat more than 100,000 values; a config needs far fewer", error.Message);
    }

    [Fact]
    public void Nested_aliases_that_double_at_every_level_are_stopped_too()
    {
        var yaml = new StringBuilder(OneExchange + "books:\n  a0: &a0 [x, x]\n");
        for (var i = 1; i < 40; i++)
        {
            yaml.Append($"  a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n");
        }

        var error = Assert.Single(Load(yaml.ToString()).Errors);

        Assert.Contains("repeat more than 100,000 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_inside_the_node_it_names_is_an_error_not_a_cycle()
    {
        Assert.Equal(
            "hostile.yaml:4:8: x[0]: alias `*a` is inside the node it names; a config cannot refer to itself",
            SingleError(OneExchange + "x: &a [*a]\n"));
    }

    [Theory]
    [InlineData("? &a [*a]\n: 1\n")] // hashing this key recursed until the stack overflowed
    [InlineData("? [x]\n: 1\n")]
    [InlineData("? {a: b}\n: 1\n")]
    [InlineData("k: &a [x]\n? *a\n: 1\n")]
    public void A_list_or_mapping_as_a_key_is_an_error(string yaml)
    {
        var error = Assert.Single(Load(OneExchange + yaml).Errors);

        Assert.Equal("keys must be plain names, not a list, a mapping or an alias to one", error.Message);
        Assert.True(error.Line >= 4, error.ToString());
    }

    [Fact]
    public void Anchors_and_aliases_in_ordinary_use_still_load()
    {
        var result = Load("""
            exchanges:
              - exchange: binance
                symbols: &majors [BTC-USDT, ETH-USDT]
              - exchange: binance
                market_type: perpetual
                symbols: *majors
            """);

        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Equal(["BTC-USDT", "ETH-USDT"], result.Config.Exchanges[1].Symbols);
    }
}
