using MarketPrism.Simulator;
using Microsoft.Extensions.Logging;
using static MarketPrism.Tests.Simulator.SimulatorHarness;

namespace MarketPrism.Tests.Simulator;

public sealed class ExchangeSimulatorTests
{
    [Fact]
    public async Task Start_logs_one_listening_line_with_the_actual_port()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));

        await using var simulator = await ExchangeSimulator.StartAsync(Options(), factory, null, TestContext.Current.CancellationToken);

        var line = Assert.Single(logs.Text, l => l.Contains("Simulator listening on", StringComparison.Ordinal));
        Assert.EndsWith($": Simulator listening on http://127.0.0.1:{simulator.BaseAddress.Port}", line, StringComparison.Ordinal);
        Assert.NotEqual(0, simulator.BaseAddress.Port);
        Assert.Equal([Spot, Futures, BybitSpot, BybitLinear, OkxVenue, "deribit", "coinbase", HyperliquidVenue], simulator.VenueNames);
    }

    [Fact]
    public async Task A_folder_without_recordings_is_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("marketprism-empty-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                ExchangeSimulator.StartAsync(Options(o => o.RecordingsDirectory = empty.FullName), null, null, TestContext.Current.CancellationToken));

            Assert.Contains("No recorded session found under", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_recordings_folder_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "marketprism-missing-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            ExchangeSimulator.StartAsync(Options(o => o.RecordingsDirectory = missing), null, null, TestContext.Current.CancellationToken));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_venues_with_recordings_are_served()
    {
        var folder = Directory.CreateTempSubdirectory("marketprism-spot-only-");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RecordingsDirectory, "binance")))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            await using var simulator = await ExchangeSimulator.StartAsync(
                Options(o => o.RecordingsDirectory = folder.FullName), null, null, TestContext.Current.CancellationToken);
            using var http = Http(simulator);
            using var futures = await http.GetAsync("/binance/futures/fapi/v1/ping", Within());

            Assert.Equal([Spot], simulator.VenueNames);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, futures.StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(-1, "127.0.0.1", 1, "Port must be 0..65535")]
    [InlineData(0, "example.org", 1, "Host must be an IP address or 'localhost'")]
    [InlineData(0, "127.0.0.1", -2, "Speed must be 0 (as fast as possible) or a positive factor")]
    public async Task Invalid_options_are_rejected_before_anything_starts(int port, string host, double speed, string message)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ExchangeSimulator.StartAsync(
            Options(o =>
            {
                o.Port = port;
                o.Host = host;
                o.Speed = speed;
            }),
            null,
            null,
            TestContext.Current.CancellationToken));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_closes_open_connections_with_a_close_frame()
    {
        var simulator = await StartAsync(o => o.AutoStart = false);
        var cancellation = Within();
        using var socket = await ConnectAsync(simulator, "/binance/spot/ws", cancellation);
        var receive = ReceiveAsync(socket, cancellation);

        await simulator.DisposeAsync();

        Assert.Null(await receive);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
    }

    [Fact]
    public async Task Halt_ends_a_looping_replay_between_events_and_leaves_the_truth_where_it_is()
    {
        const string stream = "nknusdt@depth@100ms";
        var clock = new ManualClock();
        await using var simulator = await StartAsync(o => { o.Speed = 1; o.Loop = true; o.AutoStart = false; }, clock);
        var cancellation = Within();
        var started = clock.NextTimerAsync(cancellation);
        simulator.Start(Spot);
        await started;
        await clock.AdvanceAndSettleAsync(TimeSpan.FromSeconds(40), cancellation);

        simulator.Halt(Spot);
        await simulator.WhenFinishedAsync(Spot, cancellation);
        var generated = simulator.GetFramesGenerated(Spot, stream);
        var truth = simulator.GetTrueBook(Spot, "NKNUSDT").LastUpdateId;
        clock.Advance(TimeSpan.FromSeconds(60));

        var venue = simulator.GetStatus().Venues.Single(v => v.Name == Spot);
        Assert.True(venue.Finished);
        Assert.Equal(1, venue.Loops);
        Assert.True(generated > RecordedSession.Spot.FramesOf(stream).Count, "the replay was halted in its second pass");
        Assert.Equal(generated, simulator.GetFramesGenerated(Spot, stream));
        Assert.Equal(truth, simulator.GetTrueBook(Spot, "NKNUSDT").LastUpdateId);
    }
}
