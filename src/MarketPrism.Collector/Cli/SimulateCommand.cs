using System.CommandLine;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Logging;
using MarketPrism.Core.Configuration;
using MarketPrism.Simulator;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Cli;

/// <summary><c>simulate</c>: runs the local exchange simulator (recorded sessions, fault injection) until stopped.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 = any free port).", DefaultValueFactory = _ => 8765 };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var recordings = new Option<string?>("--recordings") { Description = "Folder of recorded sessions. Default: ./recordings, else the copy beside the executable." };
        var speed = new Option<double>("--speed", "-s") { Description = "Replay pace: 1 = as recorded, 10 = ten times faster, 0 = as fast as the sockets take.", DefaultValueFactory = _ => 1 };
        var loop = new Option<bool>("--loop") { Description = "Replay the sessions again and again, ids and times moving forward." };
        var manualStart = new Option<bool>("--manual-start") { Description = "Wait for POST /sim/start instead of starting at the first subscription." };
        var lifetime = new Option<string?>("--max-connection-lifetime") { Description = "Close connections older than this (e.g. 30s), like Binance's 24 h cut." };
        var heartbeatTimeout = new Option<string?>("--heartbeat-timeout") { Description = "Bybit: cut a connection that sends no {\"op\":\"ping\"} for this long (default 10m)." };
        var pingInterval = new Option<string?>("--ping-interval") { Description = "Send WebSocket pings this often on the Binance venues (default: Binance's 20 s spot, 3 min futures)." };
        var pongTimeout = new Option<string?>("--pong-timeout") { Description = "Drop a Binance client whose pong is this late (default: Binance's 1 min spot, 10 min futures)." };
        var okxIdleTimeout = new Option<string?>("--okx-idle-timeout") { Description = "Close an OKX connection with nothing pushed for this long (default: OKX's 30 s); a client keeps it open with the text ping." };
        var okxWithholdSnapshot = new Option<bool>("--okx-withhold-book-snapshot") { Description = "OKX: send no snapshot on a books subscription, only the updates (as OKX announced); clients seed books from /api/v5/market/books and its seqId." };
        var keepTimestamps = new Option<bool>("--keep-timestamps") { Description = "Send the recorded exchange timestamps instead of shifting them to now." };
        var syntheticCopies = new Option<int>("--synthetic-copies") { Description = "Also serve this many renamed copies of every recorded symbol (X1NKNUSDT, …), each with its own book: load tests with many symbols." };
        var restWeight = new Option<int?>("--rest-weight-per-minute") { Description = "REST weight budget per minute and client on every venue (default: Binance's 6000 spot, 2400 futures)." };
        var logLevel = new Option<string>("--log-level") { Description = "trace, debug, information, warning, error.", DefaultValueFactory = _ => "information" };
        var command = new Command("simulate", "Run the local exchange simulator: Binance spot and USD-M, OKX v5, Deribit, Bybit spot and linear protocols replaying recorded sessions, with a control API under /sim/.")
        {
            port, host, recordings, speed, loop, manualStart, lifetime, pingInterval, pongTimeout, heartbeatTimeout, okxIdleTimeout, okxWithholdSnapshot, keepTimestamps, syntheticCopies, restWeight, logLevel,
        };
        command.SetAction(async (result, _) =>
        {
            if (!TryParseDuration(result.GetValue(lifetime), "--max-connection-lifetime", out var maxLifetime)
                || !TryParseDuration(result.GetValue(pingInterval), "--ping-interval", out var ping)
                || !TryParseDuration(result.GetValue(pongTimeout), "--pong-timeout", out var pong)
                || !TryParseDuration(result.GetValue(heartbeatTimeout), "--heartbeat-timeout", out var heartbeat)
                || !TryParseDuration(result.GetValue(okxIdleTimeout), "--okx-idle-timeout", out var okxIdle))
            {
                return ExitCodes.InvalidConfiguration;
            }

            var options = new SimulatorOptions
            {
                Port = result.GetValue(port),
                Host = result.GetValue(host)!,
                RecordingsDirectory = result.GetValue(recordings) ?? LocateRecordings(),
                Speed = result.GetValue(speed),
                Loop = result.GetValue(loop),
                AutoStart = !result.GetValue(manualStart),
                MaxConnectionLifetime = maxLifetime,
                Retime = !result.GetValue(keepTimestamps),
                SyntheticCopies = result.GetValue(syntheticCopies),
                OkxWithholdBookSnapshot = result.GetValue(okxWithholdSnapshot),
            };
            if (result.GetValue(restWeight) is { } weight)
            {
                options.SpotRequestWeightPerMinute = options.FuturesRequestWeightPerMinute = weight;
            }

            if (ping is { } interval)
            {
                options.SpotPingInterval = options.FuturesPingInterval = options.DeribitPingInterval = interval;
            }

            if (pong is { } timeout)
            {
                options.SpotPongTimeout = options.FuturesPongTimeout = options.DeribitPongTimeout = timeout;
            }

            if (heartbeat is { } cut)
            {
                options.BybitHeartbeatTimeout = cut;
            }

            if (okxIdle is { } idle)
            {
                options.OkxIdleTimeout = idle;
            }

            return await RunAsync(options, result.GetValue(logLevel)!);
        });
        return command;
    }

    private static async Task<int> RunAsync(SimulatorOptions options, string logLevel)
    {
        using var loggerFactory = LoggingSetup.Create(LogFormat.Text, logLevel);
        var logger = loggerFactory.CreateLogger("MarketPrism.Simulator");
        using var signal = new StopSignal(() => { });
        RunningSimulator simulator;
        try
        {
            simulator = await ExchangeSimulator.StartAsync(options, loggerFactory, TimeProvider.System, signal.Token);
        }
        catch (Exception ex) when (ex is ArgumentException or DirectoryNotFoundException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"simulate: {ex.Message}");
            return ExitCodes.InvalidConfiguration;
        }

        await using (simulator)
        {
            // Tests and scripts read the address from stdout; logs go to stderr.
            Console.Out.WriteLine($"Simulator listening on {simulator.BaseAddress.ToString().TrimEnd('/')}");
            await Console.Out.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token);
            }
            catch (OperationCanceledException)
            {
            }

            CollectorLog.SimulatorStopping(logger, signal.Reason ?? "stop requested");
        }

        return ExitCodes.Success;
    }

    private static bool TryParseDuration(string? text, string option, out TimeSpan? duration)
    {
        duration = null;
        if (text is null)
        {
            return true;
        }

        if (!DurationText.TryParse(text, out var parsed) || parsed <= TimeSpan.Zero)
        {
            Console.Error.WriteLine($"{option}: '{text}' is not a duration such as 30s or 5m.");
            return false;
        }

        duration = parsed;
        return true;
    }

    private static string LocateRecordings()
    {
        var local = Path.Combine(Environment.CurrentDirectory, "recordings");
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "recordings");
    }
}
