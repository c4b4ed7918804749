using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Abstractions;

public sealed class InstrumentTableTests
{
    private int _resolved;

    [Fact]
    public void A_symbol_in_any_case_finds_the_configured_instrument_and_is_resolved_never()
    {
        var table = CreateTable();
        var configured = Spot("BTC", "USDT");
        table.Add(configured);

        Assert.True(table.TryGet("btcusdt"u8, out var lower));
        Assert.True(table.TryGet("BTCUSDT"u8, out var upper));
        Assert.True(table.TryGet("btcusdt"u8, out var again));

        Assert.Same(configured, lower);
        Assert.Same(configured, upper);
        Assert.Same(configured, again);
        Assert.Equal(0, _resolved);
    }

    [Fact]
    public void An_unknown_symbol_is_resolved_once_whatever_spelling_it_comes_in()
    {
        var table = CreateTable();

        Assert.True(table.TryGet("ethusdt"u8, out var first));
        Assert.True(table.TryGet("ETHUSDT"u8, out var second));
        Assert.True(table.TryGet("ethusdt"u8, out var third));

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(1, _resolved);
        Assert.Equal("ETHUSDT", first.ExchangeSymbol);
    }

    [Fact]
    public void A_symbol_the_resolver_rejects_is_not_found_and_asked_again_next_time()
    {
        var table = CreateTable();

        Assert.False(table.TryGet("NOPE"u8, out _));
        Assert.False(table.TryGet("NOPE"u8, out _));
        Assert.False(table.TryGet(""u8, out _));

        Assert.Equal(2, _resolved);
    }

    [Fact]
    public void Replacing_an_instrument_is_seen_under_every_spelling_looked_up_before()
    {
        var table = CreateTable();
        table.Add(Spot("BTC", "USDT"));
        Assert.True(table.TryGet("btcusdt"u8, out _));

        var replacement = Spot("BTC", "USDT");
        table.Add(replacement);

        Assert.True(table.TryGet("btcusdt"u8, out var lower));
        Assert.True(table.TryGet("BTCUSDT"u8, out var upper));
        Assert.Same(replacement, lower);
        Assert.Same(replacement, upper);
    }

    [Fact]
    public async Task Two_connections_resolving_the_same_new_symbols_at_once_get_the_same_instruments()
    {
        var table = CreateTable();
        var symbols = Enumerable.Range(0, 500).Select(i => $"T{i}USDT").ToArray();

        var results = Enumerable.Range(0, 2)
            .Select(connection => Task.Run(() => symbols.Select(symbol =>
            {
                var spelling = connection == 0 ? symbol.ToLowerInvariant() : symbol;
                Assert.True(table.TryGet(System.Text.Encoding.UTF8.GetBytes(spelling), out var instrument));
                return instrument;
            }).ToArray()))
            .ToArray();
        var instruments = await Task.WhenAll(results);

        Assert.Equal(instruments[0], instruments[1]);
        Assert.Equal(500, table.Instruments.Count);
    }

    private InstrumentTable CreateTable() => new("testex", MarketType.Spot, symbol =>
    {
        Interlocked.Increment(ref _resolved);
        return symbol.EndsWith("USDT", StringComparison.Ordinal) ? Spot(symbol[..^4], "USDT") : null;
    });

    private static Instrument Spot(string baseAsset, string quoteAsset) =>
        new("testex", MarketType.Spot, baseAsset, quoteAsset, baseAsset + quoteAsset);
}
