using System.Text.Json;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Binance;

public sealed class BinanceDerivedStreamTests
{
    [Fact]
    public async Task Futures_trades_are_derived_one_per_aggregate_trade_with_a_running_id()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        var aggregates = RecordedSession.Futures.FramesOf("ctkusdt@aggTrade").Select(f => f.Data).ToList();
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws/ctkusdt@trade", cancellation);

        var trades = (await ReceiveManyAsync(socket, aggregates.Count, cancellation)).Select(m => JsonDocument.Parse(m).RootElement).ToList();
        await simulator.WhenFinishedAsync(Futures, cancellation);

        var firstId = aggregates[0].GetProperty("f").GetInt64();
        Assert.Equal(["e", "E", "T", "s", "t", "p", "q", "X", "m"], trades[0].EnumerateObject().Select(p => p.Name));
        for (var i = 0; i < trades.Count; i++)
        {
            Assert.Equal("trade", trades[i].GetProperty("e").GetString());
            Assert.Equal(firstId + i, trades[i].GetProperty("t").GetInt64());
            foreach (var field in new[] { "E", "T", "s", "p", "q", "m" })
            {
                Assert.Equal(aggregates[i].GetProperty(field).GetRawText(), trades[i].GetProperty(field).GetRawText());
            }
        }

        var tradeIds = simulator.GetGeneratedIds(Futures, "CTKUSDT", "trade");
        var aggregateIds = simulator.GetGeneratedIds(Futures, "CTKUSDT", "aggTrade");
        Assert.Equal(aggregates.Count, tradeIds.Count);
        Assert.Equal([new MarketPrism.Simulator.IdRange(firstId, firstId + aggregates.Count - 1)], tradeIds.Ranges);
        Assert.Equal(aggregates.Select(a => a.GetProperty("a").GetInt64()), aggregateIds.Ranges.SelectMany(r => Enumerable.Range(0, (int)r.Count).Select(k => r.First + k)));
    }

    [Fact]
    public async Task Spot_trades_have_the_spot_trade_shape()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        var aggregate = RecordedSession.Spot.FramesOf("nknusdt@aggTrade").Single().Data;
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws/nknusdt@trade", cancellation);

        using var trade = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!);

        Assert.Equal(
            $$"""{"e":"trade","E":{{aggregate.GetProperty("E")}},"s":"NKNUSDT","t":{{aggregate.GetProperty("f")}},"p":"0.35280000","q":"58.00000000","T":{{aggregate.GetProperty("T")}},"m":false,"M":true}""",
            trade.RootElement.GetRawText());
    }

    [Fact]
    public async Task Mark_prices_are_synthesized_every_second_from_the_true_book()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/stream?streams=sushiusdt@markPrice@1s/sushiusdt@markPrice", cancellation);
        await simulator.WhenFinishedAsync(Futures, cancellation);

        var frames = (await ReceiveManyAsync(socket, 40, cancellation)).Select(m => JsonDocument.Parse(m).RootElement).ToList();
        var fast = frames.Where(f => f.GetProperty("stream").GetString() == "sushiusdt@markPrice@1s").Select(f => f.GetProperty("data")).ToList();
        var slow = frames.Where(f => f.GetProperty("stream").GetString() == "sushiusdt@markPrice").Select(f => f.GetProperty("data")).ToList();

        Assert.Equal(30, fast.Count);
        Assert.Equal(fast.Where((_, i) => i % 3 == 2).Select(f => f.GetRawText()), slow.Select(f => f.GetRawText()));
        var originMs = (long)Math.Round(RecordedSession.Futures.OriginSeconds * 1000);
        for (var i = 0; i < fast.Count; i++)
        {
            var mark = fast[i];
            Assert.Equal(["e", "E", "s", "p", "i", "P", "r", "T"], mark.EnumerateObject().Select(p => p.Name));
            Assert.Equal(originMs + ((i + 1) * 1000), mark.GetProperty("E").GetInt64());
            Assert.Matches(@"^\d+\.\d{8}$", mark.GetProperty("p").GetString());
            var price = decimal.Parse(mark.GetProperty("p").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var index = decimal.Parse(mark.GetProperty("i").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(price - index, 0m, price * 0.01m);
            Assert.Equal(0, mark.GetProperty("T").GetInt64() % (8 * 3600 * 1000));
            Assert.True(mark.GetProperty("T").GetInt64() > mark.GetProperty("E").GetInt64());
        }
    }

    [Fact]
    public async Task Liquidations_are_synthesized_every_ten_seconds_per_symbol_with_alternating_sides()
    {
        await using var simulator = await StartAsync();
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/futures/stream?streams=sushiusdt@forceOrder/!forceOrder@arr", cancellation);
        await simulator.WhenFinishedAsync(Futures, cancellation);

        var frames = (await ReceiveManyAsync(socket, 15, cancellation)).Select(m => JsonDocument.Parse(m).RootElement).ToList();
        var sushi = frames.Where(f => f.GetProperty("stream").GetString() == "sushiusdt@forceOrder").Select(f => f.GetProperty("data")).ToList();
        var all = frames.Where(f => f.GetProperty("stream").GetString() == "!forceOrder@arr").Select(f => f.GetProperty("data")).ToList();

        Assert.Equal(["SELL", "BUY", "SELL"], sushi.Select(f => f.GetProperty("o").GetProperty("S").GetString()));
        Assert.Equal(["e", "E", "o"], sushi[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["s", "S", "o", "f", "q", "p", "ap", "X", "l", "z", "T"], sushi[0].GetProperty("o").EnumerateObject().Select(p => p.Name));
        Assert.Equal(12, all.Count);
        Assert.Equal(sushi.Select(f => f.GetRawText()), all.Where(f => f.GetProperty("o").GetProperty("s").GetString() == "SUSHIUSDT").Select(f => f.GetRawText()));
        var sell = sushi[0].GetProperty("o");
        Assert.True(decimal.Parse(sell.GetProperty("p").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    < decimal.Parse(sell.GetProperty("ap").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Retiming_shifts_every_timestamp_so_the_session_starts_now()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.Retime = true, clock);
        var cancellation = Within();
        var recorded = RecordedSession.Futures.FramesOf("sushiusdt@bookTicker");
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws/sushiusdt@bookTicker", cancellation);

        var frames = (await ReceiveManyAsync(socket, recorded.Count, cancellation)).Select(m => JsonDocument.Parse(m).RootElement).ToList();

        var shift = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Math.Round(RecordedSession.Futures.OriginSeconds * 1000);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(recorded[i].Data.GetProperty("E").GetInt64() + shift, frames[i].GetProperty("E").GetInt64());
            Assert.Equal(recorded[i].Data.GetProperty("T").GetInt64() + shift, frames[i].GetProperty("T").GetInt64());
            Assert.Equal(recorded[i].Data.GetProperty("u").GetInt64(), frames[i].GetProperty("u").GetInt64());
        }
    }

    [Fact]
    public async Task Speed_divides_the_recorded_gaps()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => o.Speed = 10, clock);
        var cancellation = Within();
        var waiting = clock.NextTimerAsync(cancellation);
        using var socket = await ConnectAsync(simulator, "/binance/futures/ws/sushiusdt@bookTicker", cancellation);
        await waiting;

        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(1), cancellation);

        var expected = RecordedSession.Futures.FramesOf("sushiusdt@bookTicker").Count(f => f.Offset <= 10);
        Assert.Equal(expected, simulator.GetFramesGenerated(Futures, "sushiusdt@bookTicker"));
        Assert.Equal(expected, (await ReceiveManyAsync(socket, expected, cancellation)).Count);
    }
}
