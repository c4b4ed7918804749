using System.Text.Json;
using static MarketPrism.Tests.Simulator.Bybit.BybitStreams;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator.Bybit;

public sealed class BybitReplayTests
{
    [Theory]
    [InlineData(LinearPath, BybitLinear, 50)]
    [InlineData(LinearPath, BybitLinear, 200)]
    [InlineData(LinearPath, BybitLinear, 1000)]
    [InlineData(SpotPath, BybitSpot, 50)]
    [InlineData(SpotPath, BybitSpot, 200)]
    public async Task Every_depth_is_the_top_of_the_truth_its_u_rises_by_one_and_its_messages_rebuild_the_true_book(string path, string venue, int depth)
    {
        var topic = $"orderbook.{depth}.{Symbol}";
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, path, cancellation);

        await SubscribeAsync(socket, "1", cancellation, topic);
        await ReceiveAsync(socket, cancellation);
        var snapshot = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;
        simulator.Start(venue);
        await simulator.WhenFinishedAsync(venue, cancellation);
        var deltas = await ReceiveGeneratedAsync(simulator, socket, venue, 0, cancellation, topic);

        Assert.Equal(depth > 500 ? 500 : depth, snapshot.GetProperty("data").GetProperty("b").GetArrayLength());
        Assert.All(deltas, delta => Assert.Equal("delta", delta.GetProperty("type").GetString()));
        var ids = deltas.Select(delta => delta.GetProperty("data").GetProperty("u").GetInt64()).ToList();
        var first = snapshot.GetProperty("data").GetProperty("u").GetInt64();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => first + i), ids);
        Assert.True(ids.Count is > 10 and <= 49, $"{ids.Count} deltas");
        var truth = simulator.GetTrueBook(venue, Symbol, depth);
        Assert.Equal(Describe(truth), Rebuild([snapshot, .. deltas]).Describe(depth));
    }

    [Fact]
    public async Task The_top_of_book_is_sent_as_snapshots_and_its_u_rises_only_when_the_best_levels_change()
    {
        await using var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);

        await SubscribeAsync(socket, "1", cancellation, "orderbook.1.XRPUSDT");
        await ReceiveAsync(socket, cancellation);
        var first = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;
        simulator.Start(BybitLinear);
        await simulator.WhenFinishedAsync(BybitLinear, cancellation);
        var messages = await ReceiveGeneratedAsync(simulator, socket, BybitLinear, 0, cancellation, "orderbook.1.XRPUSDT");

        var all = new[] { first }.Concat(messages).ToList();
        Assert.All(all, message => Assert.Equal("snapshot", message.GetProperty("type").GetString()));
        Assert.All(all, message => Assert.Equal((1, 1), (message.GetProperty("data").GetProperty("b").GetArrayLength(), message.GetProperty("data").GetProperty("a").GetArrayLength())));
        for (var i = 1; i < all.Count; i++)
        {
            var previous = all[i - 1].GetProperty("data");
            var current = all[i].GetProperty("data");
            var changed = previous.GetProperty("b").GetRawText() != current.GetProperty("b").GetRawText()
                || previous.GetProperty("a").GetRawText() != current.GetProperty("a").GetRawText();
            Assert.Equal(previous.GetProperty("u").GetInt64() + (changed ? 1 : 0), current.GetProperty("u").GetInt64());
        }

        var truth = simulator.GetTrueBook(BybitLinear, Symbol, 1);
        Assert.Equal(Describe(truth), Rebuild([all[^1]]).Describe(1));
    }

    [Fact]
    public async Task Looping_restores_the_recorded_book_each_pass_and_keeps_u_and_the_cross_sequence_rising()
    {
        var clock = new ManualClock();
        await using var simulator = await StartAsync(
            o =>
            {
                o.AutoStart = false;
                o.Loop = true;
                o.Speed = 1;
            },
            clock);
        var cancellation = Within(60);
        using var socket = await ConnectAsync(simulator, LinearPath, cancellation);
        await SubscribeAsync(socket, "1", cancellation, "orderbook.50.XRPUSDT");
        await ReceiveAsync(socket, cancellation);
        var snapshot = JsonDocument.Parse((await ReceiveAsync(socket, cancellation))!).RootElement;
        var waiting = clock.NextTimerAsync(cancellation);
        simulator.Start(BybitLinear);
        await waiting;

        // Three passes of 4.9 s, then stop in the middle of the fourth, right after its reset.
        for (var step = 0; step < 15; step++)
        {
            await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(1), cancellation);
        }

        var deltas = await ReceiveGeneratedAsync(simulator, socket, BybitLinear, 0, cancellation, "orderbook.50.XRPUSDT");

        Assert.Equal(3, simulator.GetStatus().Venues.Single(v => v.Name == BybitLinear).Loops);
        var data = deltas.Select(delta => delta.GetProperty("data")).ToList();
        var ids = data.Select(d => d.GetProperty("u").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => snapshot.GetProperty("data").GetProperty("u").GetInt64() + i), ids);
        var sequences = data.Select(d => d.GetProperty("seq").GetInt64()).ToList();
        Assert.All(sequences.Zip(sequences.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} after {pair.First}"));
        var times = deltas.Select(delta => delta.GetProperty("ts").GetInt64()).ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.Equal(Describe(simulator.GetTrueBook(BybitLinear, Symbol, 50)), Rebuild([snapshot, .. deltas]).Describe(50));
    }
}
