using System.Globalization;
using MarketPrism.Collector.Configuration;
using YamlDotNet.RepresentationModel;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>The configs shipped in <c>config/</c> load cleanly and spell out every key with its default.</summary>
public sealed class ShippedConfigTests
{
    private static readonly string ConfigDirectory = Path.Combine(AppContext.BaseDirectory, "config");

    private static CollectorConfig LoadShipped(string relativePath)
    {
        var loader = MarketPrism.Collector.Cli.ConfigSupport.CreateLoader();
        var result = loader.Load(Path.Combine(ConfigDirectory, relativePath), new Dictionary<string, string?>());
        Assert.True(result.Succeeded, result.FormatErrors());
        Assert.Empty(result.Warnings);
        return result.Config;
    }

    [Fact]
    public void Default_config_collects_btc_and_eth_spot_and_perpetual_from_binance_public_endpoints()
    {
        var config = LoadShipped("collector.yaml");

        var entry = Assert.Single(config.Exchanges);
        Assert.Equal("binance", entry.Exchange);
        Assert.Equal("spot", entry.MarketType);
        Assert.Equal("https://api.binance.com", entry.BaseUrl);
        Assert.Equal("wss://stream.binance.com:9443", entry.WsUrl);
        Assert.Equal("https://fapi.binance.com", entry.FuturesUrl);
        Assert.Equal("wss://fstream.binance.com", entry.FuturesWsUrl);
        Assert.Equal(["BTC-USDT", "ETH-USDT"], entry.Symbols);
        Assert.Equal(["BTC-USDT", "ETH-USDT"], entry.FuturesSymbols);
        Assert.Equal(MarketPrism.Core.Model.WireNames.DataTypeWireNames, entry.DataTypes);
    }

    [Fact]
    public void Simulator_example_points_at_the_local_simulator_with_the_recorded_symbols()
    {
        var config = LoadShipped(Path.Combine("examples", "simulator.yaml"));

        var entry = Assert.Single(config.Exchanges);
        Assert.Equal("http://127.0.0.1:8765/binance/spot", entry.BaseUrl);
        Assert.Equal("ws://127.0.0.1:8765/binance/spot", entry.WsUrl);
        Assert.Equal("http://127.0.0.1:8765/binance/futures", entry.FuturesUrl);
        Assert.Equal("ws://127.0.0.1:8765/binance/futures", entry.FuturesWsUrl);
        Assert.Equal(["NKN-USDT", "BLZ-ETH", "LRC-BTC", "RUNE-EUR"], entry.Symbols);
        Assert.Equal(["SUSHI-USDT", "AKRO-USDT", "KEEP-USDT", "CTK-USDT"], entry.FuturesSymbols);
        Assert.Equal("agg_trade", entry.Options["trade_stream"]);
        Assert.All(MarketPrism.Collector.Feeds.FeedPlanner.Plan(config), feed => Assert.True(PlannedStreams.ReadsAggregatedTrades(feed)));
    }

    [Fact]
    public void Default_config_keeps_the_embedded_store_as_the_only_sink()
    {
        var sinks = LoadShipped("collector.yaml").Sinks;

        Assert.True(sinks.File.Enabled);
        Assert.False(sinks.Nats.Enabled);
        Assert.False(sinks.Clickhouse.Enabled);
    }

    [Fact]
    public void Nats_and_clickhouse_example_feeds_both_local_servers_besides_the_file_store()
    {
        var config = LoadShipped(Path.Combine("examples", "nats-clickhouse.yaml"));

        Assert.True(config.Sinks.File.Enabled);
        Assert.True(config.Sinks.Nats.Enabled);
        Assert.Equal("nats://127.0.0.1:4222", config.Sinks.Nats.Url);
        Assert.True(config.Sinks.Clickhouse.Enabled);
        Assert.Equal("http://127.0.0.1:8123", config.Sinks.Clickhouse.Url);
        Assert.True(config.Sinks.Spool.Enabled);
        Assert.Equal("ws://127.0.0.1:8765/binance/spot", Assert.Single(config.Exchanges).WsUrl);
    }

    [Fact]
    public void Okx_simulator_example_collects_the_recorded_spot_swap_and_future_from_the_okx_venue()
    {
        var config = LoadShipped(Path.Combine("examples", "simulator-okx.yaml"));

        Assert.Equal(
            [("spot", "BTC-USDT"), ("perpetual", "UNI-USD"), ("futures", "BTC-USD-220527")],
            config.Exchanges.Select(entry => (entry.MarketType, Assert.Single(entry.Symbols))));
        Assert.All(config.Exchanges, entry => Assert.Equal(("okx", "http://127.0.0.1:8765/okx", "ws://127.0.0.1:8765/okx"), (entry.Exchange, entry.BaseUrl, entry.WsUrl)));
    }

    [Fact]
    public void Coinbase_simulator_example_collects_the_recorded_products_over_both_apis()
    {
        var config = LoadShipped(Path.Combine("examples", "simulator-coinbase.yaml"));

        Assert.Equal(
            ["ws://127.0.0.1:8765/coinbase/exchange", "ws://127.0.0.1:8765/coinbase/advanced-trade"],
            config.Exchanges.Select(entry => entry.WsUrl));
        Assert.All(config.Exchanges, entry => Assert.Equal(("coinbase", "spot", "http://127.0.0.1:8765/coinbase", 5), (entry.Exchange, entry.MarketType, entry.BaseUrl, entry.Symbols.Count)));
        Assert.Equal(10, config.Exchanges.SelectMany(entry => entry.Symbols).Distinct().Count());
    }

    [Fact]
    public void All_venues_example_collects_every_venue_and_market_the_simulator_serves()
    {
        var config = LoadShipped(Path.Combine("examples", "simulator-all-venues.yaml"));

        var markets = MarketPrism.Collector.Feeds.FeedPlanner.Plan(config)
            .Select(feed => $"{feed.Venue.Exchange} {MarketPrism.Core.Model.WireNames.ToWireName(feed.Venue.MarketType)}")
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["binance perpetual", "binance spot", "bybit perpetual", "bybit spot", "coinbase spot", "deribit option", "deribit perpetual", "hyperliquid perpetual", "okx futures", "okx perpetual", "okx spot"],
            markets);
        Assert.All(config.Exchanges, entry => Assert.StartsWith("ws://127.0.0.1:8765/", entry.WsUrl, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("collector.yaml")]
    [InlineData("examples/simulator.yaml")]
    [InlineData("examples/nats-clickhouse.yaml")]
    [InlineData("examples/simulator-bybit.yaml")]
    [InlineData("examples/simulator-okx.yaml")]
    [InlineData("examples/simulator-deribit.yaml")]
    [InlineData("examples/simulator-coinbase.yaml")]
    [InlineData("examples/simulator-hyperliquid.yaml")]
    [InlineData("examples/simulator-all-venues.yaml")]
    public void Shipped_config_writes_out_every_key(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(ConfigDirectory, relativePath)))
        {
            stream.Load(reader);
        }

        var missing = new List<string>();
        CollectMissingKeys((YamlMappingNode)stream.Documents[0].RootNode, ConfigType.Root, "", missing);

        Assert.Empty(missing);
    }

    [Fact]
    public void Default_config_sections_other_than_exchanges_hold_exactly_the_option_class_defaults()
    {
        var shipped = LoadShipped("collector.yaml");
        var defaults = new CollectorConfig();

        foreach (var property in ConfigType.Root.Properties)
        {
            if (property.Key == "exchanges")
            {
                continue;
            }

            Assert.Equal(Describe(property.Property.GetValue(defaults), property.Type), Describe(property.Property.GetValue(shipped), property.Type));
        }
    }

    [Fact]
    public void Default_exchange_entry_holds_the_option_class_defaults_apart_from_addresses_symbols_and_data_types()
    {
        var shipped = LoadShipped("collector.yaml").Exchanges[0];
        var defaults = new ExchangeOptions { Exchange = "binance" };
        string[] configured = ["base_url", "ws_url", "futures_url", "futures_ws_url", "symbols", "futures_symbols", "data_types", "options"];

        foreach (var property in ConfigType.Of(typeof(ExchangeOptions)).Properties)
        {
            if (Array.IndexOf(configured, property.Key) < 0)
            {
                Assert.Equal(Describe(property.Property.GetValue(defaults), property.Type), Describe(property.Property.GetValue(shipped), property.Type));
            }
        }

        // The options are spelled out, each with the exchange's default.
        var binanceDefaults = MarketPrism.Exchanges.ExchangeCatalog.Get("binance").CreateOptions();
        var optionsType = ConfigType.Of(binanceDefaults.GetType());
        Assert.Equal(
            optionsType.Properties.Select(property => (property.Key, Describe(property.Property.GetValue(binanceDefaults), property.Type))),
            optionsType.Properties.Select(property => (property.Key, Describe(property.Property.GetValue(shipped.VenueOptions), property.Type))));
    }

    private static void CollectMissingKeys(YamlMappingNode mapping, ConfigType type, string path, List<string> missing)
    {
        foreach (var property in type.Properties)
        {
            var childPath = path.Length == 0 ? property.Key : path + "." + property.Key;
            if (type.ClrType == typeof(ExchangeOptions) && VenueOptionsBinder.IsDeprecatedKey(property.Key))
            {
                // Deprecated spellings of exchange options: a shipped config must not use them.
                Assert.False(mapping.Children.ContainsKey(new YamlScalarNode(property.Key)), $"{childPath} is deprecated; write it under options:");
                continue;
            }

            if (!mapping.Children.TryGetValue(new YamlScalarNode(property.Key), out var value))
            {
                missing.Add(childPath);
                continue;
            }

            if (type.ClrType == typeof(ExchangeOptions) && property.Key == "options")
            {
                // Every option the entry's exchange has, with its value.
                var exchange = ((YamlScalarNode)mapping.Children[new YamlScalarNode("exchange")]).Value!;
                var options = (YamlMappingNode)value;
                foreach (var option in ConfigType.Of(MarketPrism.Exchanges.ExchangeCatalog.Get(exchange).CreateOptions().GetType()).Properties)
                {
                    if (!options.Children.ContainsKey(new YamlScalarNode(option.Key)))
                    {
                        missing.Add($"{childPath}.{option.Key} ({exchange})");
                    }
                }

                continue;
            }

            if (property.Type.Kind == ConfigValueKind.Section)
            {
                CollectMissingKeys((YamlMappingNode)value, property.Type, childPath, missing);
            }
            else if (property.Type.Kind == ConfigValueKind.List && !property.Type.Element!.IsScalar)
            {
                foreach (var item in ((YamlSequenceNode)value).Children)
                {
                    CollectMissingKeys((YamlMappingNode)item, property.Type.Element, childPath + "[]", missing);
                }
            }
            else if (property.Type.Kind == ConfigValueKind.Dictionary && !property.Type.Element!.IsScalar)
            {
                foreach (var (_, entry) in (YamlMappingNode)value)
                {
                    CollectMissingKeys((YamlMappingNode)entry, property.Type.Element!, childPath + ".*", missing);
                }
            }
        }
    }

    /// <summary>A value's config text, recursively, so two option trees compare key by key with readable diffs.</summary>
    private static string Describe(object? value, ConfigType type) => type.Kind switch
    {
        _ when value is null => "~",
        ConfigValueKind.Section => "{" + string.Join(", ", type.Properties.Select(p => p.Key + ": " + Describe(p.Property.GetValue(value), p.Type))) + "}",
        ConfigValueKind.List => "[" + string.Join(", ", ((System.Collections.IEnumerable)value).Cast<object>().Select(item => Describe(item, type.Element!))) + "]",
        ConfigValueKind.Dictionary => "{" + string.Join(", ", ((System.Collections.IDictionary)value).Keys.Cast<string>().Order(StringComparer.Ordinal)
            .Select(key => key + ": " + Describe(((System.Collections.IDictionary)value)[key], type.Element!))) + "}",
        ConfigValueKind.Duration => MarketPrism.Core.Configuration.DurationText.Format((TimeSpan)value),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
