using MarketPrism.IntegrationTests.Infrastructure;
using MarketPrism.Simulator;

namespace MarketPrism.IntegrationTests.EndToEnd;

/// <summary>Many reconnects in a row must leave nothing behind: no socket, no extra connection, no reconnect storm.</summary>
[Collection(ProcessTests.Name)]
public sealed class ConnectionChurnTests
{
    private const int Reconnects = 50;

    [Fact]
    public async Task Fifty_reconnects_leave_the_open_descriptor_count_flat_and_open_exactly_one_connection_each()
    {
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "4", "--loop"],
            (directory, simulator) => CollectorConfigFile.Write(
                directory, simulator, http: true, reconnectBaseDelay: "50ms", reconnectMaxDelay: "300ms",
                // 200 resyncs of 4 books: 1000-level snapshots (weight 50) would spend spot's 6000 weight per minute and
                // rightly make the last resyncs wait for the next minute; 100 levels weigh 5.
                restSnapshotLimit: 100));
        using var http = await CollectorHttp.FromLogAsync(run.Collector);
        await run.Simulator.StartTimelineAsync();
        await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        // The baseline is taken once the collector holds everything it keeps in steady state: connections up, books
        // synced (ready) and every REST poll job run once, so its pooled REST connections are open too.
        await http.WaitForEveryJobToSucceedAsync();
        var before = ProcessResources.Of(run.Collector.Id);
        var beforeDetail = ProcessResources.Describe(run.Collector.Id);
        var spotBefore = await SpotConnectionAsync(run.Simulator, previous: -1);
        var reconnectsBefore = CollectorHttp.Sample(await http.ScrapeAsync(), "marketprism_reconnects_total{exchange=\"binance\",market_type=\"spot\"}");

        var previous = spotBefore.Id;
        for (var i = 0; i < Reconnects; i++)
        {
            await run.Simulator.DisconnectAsync(CollectorRun.SpotVenue, i % 2 == 0 ? "reset" : "close");
            previous = (await SpotConnectionAsync(run.Simulator, previous)).Id;
        }

        try
        {
            await http.WaitForStatusAsync("ready", 200, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException ex)
        {
            var metrics = (await http.ScrapeAsync()).Split('\n').Where(line => line.StartsWith("marketprism_rest", StringComparison.Ordinal) || line.StartsWith("marketprism_circuit", StringComparison.Ordinal) || line.StartsWith("marketprism_errors", StringComparison.Ordinal));
            throw new TimeoutException(ex.Message + Environment.NewLine + string.Join(Environment.NewLine, metrics) + Environment.NewLine + string.Join(Environment.NewLine, run.Collector.Output.Split('\n').TakeLast(60)), ex);
        }

        // A dead connection's socket is closed, and its timers disposed, a moment after its replacement is up: wait for
        // the counts to come back within bounds rather than for a fixed time. A leak never comes back, and fails here.
        var after = ProcessResources.Of(run.Collector.Id);
        await Eventually.WaitUntilAsync(
            () =>
            {
                after = ProcessResources.Of(run.Collector.Id);
                return Task.FromResult(after.Sockets <= before.Sockets + CollectorRun.Books && after.OtherHandles <= before.OtherHandles + 2);
            },
            $"the collector's descriptors to come back to at most {before.Sockets + CollectorRun.Books} sockets and {before.OtherHandles + 2} other handles (before the churn: {before}, {beforeDetail})",
            TimeSpan.FromMilliseconds(200));
        var detail = ProcessResources.Describe(run.Collector.Id);
        var reconnects = CollectorHttp.Sample(await http.ScrapeAsync(), "marketprism_reconnects_total{exchange=\"binance\",market_type=\"spot\"}") - reconnectsBefore;
        // The simulator records a connection as closed when its request ends, which can follow the replacement's open.
        var status = await run.Simulator.WaitUntilAsync(
            status => status.ClosedConnections.Count(connection => connection.Venue == CollectorRun.SpotVenue && connection.Id >= spotBefore.Id) >= Reconnects,
            TimeSpan.FromSeconds(30),
            $"{Reconnects} spot connections recorded closed");
        Assert.Equal(0, await run.StopCollectorAsync());
        TestContext.Current.TestOutputHelper?.WriteLine($"churn: before {before} ({beforeDetail}), after {after} ({detail})");

        Assert.Equal(Reconnects, reconnects);
        // One connection per reconnect, none opened in between: every spot connection since the first was ended by
        // the simulator, and exactly one is open.
        var closed = status.ClosedConnections.Where(connection => connection.Venue == CollectorRun.SpotVenue && connection.Id >= spotBefore.Id).ToList();
        var history = string.Join(Environment.NewLine, status.ClosedConnections.Select(c => $"{c.Id} {c.Venue} {c.OpenedAt:HH:mm:ss.fff}-{c.ClosedAt:HH:mm:ss.fff} {c.Reason}"));
        Assert.True(closed.Count == Reconnects, history);
        Assert.All(closed, connection => Assert.Contains("by fault injection", connection.Reason, StringComparison.Ordinal));
        Assert.Single(status.Connections, connection => connection.Venue == CollectorRun.SpotVenue);
        // A socket, timer or wait handle left by each dead connection would add 50 descriptors. The REST clients'
        // pooled connections may grow by one per book resynced at the same time (closed after a minute idle).
        var message = $"before {before} ({beforeDetail}), after {after} ({detail})";
        Assert.True(after.Sockets <= before.Sockets + CollectorRun.Books, message);
        Assert.True(after.OtherHandles <= before.OtherHandles + 2, message);
    }

    [Fact]
    public async Task A_venue_that_cuts_every_connection_soon_after_it_opens_gets_backed_off_reconnects_not_a_loop()
    {
        // The simulator cuts every connection 1 s after it opens. A connection that dies before reconnect_max_delay
        // counts as a failure, so the delays grow (full jitter under 0.5, 1, 2, 4, 4 s ...): about 10 connections per
        // logical connection in 20 s. Reconnecting at once after each cut (as before) opens one every ~1.1 s: about 20.
        await using var run = await CollectorRun.StartAsync(
            ["--speed", "4", "--loop", "--max-connection-lifetime", "1s"],
            (directory, simulator) => CollectorConfigFile.Write(directory, simulator, reconnectBaseDelay: "500ms", reconnectMaxDelay: "4s"));
        await run.Simulator.StartTimelineAsync();

        // Real time by design: the test measures how many connections the collector opens in a span of time.
        await Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        var status = await run.Simulator.StatusAsync();
        Assert.Equal(0, await run.StopCollectorAsync());

        // Per logical connection (the collector has one for spot, two for the perpetual's routes), by the path it opens.
        var paths = status.Connections.Select(connection => connection.Path).Concat(status.ClosedConnections.Select(connection => connection.Path));
        foreach (var path in paths.GroupBy(path => path))
        {
            Assert.True(path.Count() <= 14, $"{path.Key}: {path.Count()} connections in about 20 s{Environment.NewLine}{run.Collector.Output}");
        }

        Assert.Contains("lost after", run.Collector.Output, StringComparison.Ordinal);
    }

    /// <summary>Waits for a spot connection other than <paramref name="previous"/> with every stream subscribed.</summary>
    private static async Task<ConnectionStatus> SpotConnectionAsync(SimulatorProcess simulator, long previous)
    {
        var status = await simulator.WaitUntilAsync(
            status => status.Connections.Any(connection => connection.Venue == CollectorRun.SpotVenue && connection.Id != previous && connection.Subscriptions.Length == 12),
            TimeSpan.FromSeconds(20),
            $"a spot connection after {previous}");
        return status.Connections.Single(connection => connection.Venue == CollectorRun.SpotVenue && connection.Id != previous);
    }
}
