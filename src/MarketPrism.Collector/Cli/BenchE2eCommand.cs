using System.CommandLine;
using System.Globalization;
using MarketPrism.Collector.Benchmarking;
using MarketPrism.Core.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// <c>bench-e2e</c>: the end-to-end throughput and soak tool. A verb of the product rather than a bench/ program so
/// it runs the real collector runtime (internal to this assembly) exactly as <c>collect</c> does, and so anyone can
/// measure their own machine with the shipped executable.
/// </summary>
internal static class BenchE2eCommand
{
    public static Command Create()
    {
        var duration = new Option<string>("--duration", "-d") { Description = "Whole run, warm-up included (e.g. 60s, 30m).", DefaultValueFactory = _ => "60s" };
        var warmup = new Option<string>("--warmup") { Description = "Start-up left out of the figures (connect, subscribe, book sync).", DefaultValueFactory = _ => "10s" };
        var exchange = new Option<string>("--exchange", "-e") { Description = "Exchange collected: " + string.Join(", ", VenueCatalog.Exchanges) + " (as the simulator serves it).", DefaultValueFactory = _ => ExchangeCatalog.Exchanges[0] };
        var market = new Option<string>("--market", "-m") { Description = "Market of --exchange: " + string.Join(", ", WireNames.MarketTypeWireNames) + " (as the exchange offers them).", DefaultValueFactory = _ => MarketType.Perpetual.ToWireName() };
        var symbols = new Option<int>("--symbols", "-n") { Description = "Symbols, each on the market's trade, book, best bid/ask, funding and mark price streams; beyond the recorded ones, renamed copies (where the simulated venue makes them).", DefaultValueFactory = _ => 20 };
        var sink = new Option<string>("--sink") { Description = "null, parquet, jsonl or nats.", DefaultValueFactory = _ => "parquet" };
        var natsUrl = new Option<string>("--nats-url") { Description = "NATS server (JetStream) of --sink nats; the run publishes to its own stream, MARKETPRISM_BENCH.", DefaultValueFactory = _ => "nats://127.0.0.1:4222" };
        var speed = new Option<double>("--speed", "-s") { Description = "Simulator pace: 0 = firehose (as fast as the socket takes), 1 = recorded pace.", DefaultValueFactory = _ => 0 };
        var sampleInterval = new Option<string>("--sample-interval") { Description = "How often RSS, GC heap, sockets and handles are sampled.", DefaultValueFactory = _ => "5s" };
        var batchSize = new Option<int>("--batch-size") { Description = "pipeline.batch_size of the collector.", DefaultValueFactory = _ => 100 };
        var flushInterval = new Option<string>("--flush-interval") { Description = "pipeline.flush_interval of the collector.", DefaultValueFactory = _ => "1s" };
        var rowGroupSize = new Option<int>("--row-group-size") { Description = "sinks.file.row_group_size of the collector (rows per Parquet row group).", DefaultValueFactory = _ => 100_000 };
        var bufferBudget = new Option<string?>("--buffer-budget") { Description = "sinks.file.buffer_budget of the collector (e.g. 8MB). Default: the store's default." };
        var recordings = new Option<string?>("--recordings") { Description = "Folder of recorded sessions. Default: ./recordings, else the copy beside the executable." };
        var data = new Option<string?>("--data") { Description = "Store folder, kept after the run. Default: a temporary folder, deleted." };
        var samplesFile = new Option<string?>("--samples") { Description = "Write every resource sample to this CSV file." };
        var soak = new Option<bool>("--soak") { Description = "Soak mode: exit 1 when RSS, GC heap, sockets or handles rise over the measured window." };
        var quiet = new Option<bool>("--no-progress") { Description = "No live progress line." };
        var command = new Command(
            "bench-e2e",
            "Measure the collector end to end: the simulator (a separate process) streams N symbols of one exchange market to the real collector runtime and the chosen sink; reports messages/s in, records/s out, CPU, peak RSS, receive-to-write latency percentiles and resource trends.")
        {
            exchange, market, duration, warmup, symbols, sink, natsUrl, speed, sampleInterval, batchSize, flushInterval, rowGroupSize, bufferBudget, recordings, data, samplesFile, soak, quiet,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!WireNames.TryParseMarketType(result.GetValue(market)!, out var marketType))
            {
                await Console.Error.WriteLineAsync($"--market: '{result.GetValue(market)}' is not one of {string.Join(", ", WireNames.MarketTypeWireNames)}.");
                return ExitCodes.InvalidConfiguration;
            }

            var options = new ThroughputOptions
            {
                Exchange = result.GetValue(exchange)!,
                Market = marketType,
                Symbols = result.GetValue(symbols),
                Speed = result.GetValue(speed),
                BatchSize = result.GetValue(batchSize),
                RowGroupSize = result.GetValue(rowGroupSize),
                RecordingsDirectory = Path.GetFullPath(result.GetValue(recordings) ?? LocateRecordings()),
                DataDirectory = result.GetValue(data) is { } folder ? Path.GetFullPath(folder) : null,
                SamplesFile = result.GetValue(samplesFile),
                Soak = result.GetValue(soak),
                NatsUrl = result.GetValue(natsUrl)!,
                Progress = !result.GetValue(quiet),
            };
            if (!TryDuration(result.GetValue(duration)!, "--duration", out var d)
                || !TryDuration(result.GetValue(warmup)!, "--warmup", out var w)
                || !TryDuration(result.GetValue(sampleInterval)!, "--sample-interval", out var s)
                || !TryDuration(result.GetValue(flushInterval)!, "--flush-interval", out var f))
            {
                return ExitCodes.InvalidConfiguration;
            }

            if (result.GetValue(bufferBudget) is { } budgetText)
            {
                if (!ByteSize.TryParse(budgetText, out var budget) || budget.Bytes <= 0)
                {
                    await Console.Error.WriteLineAsync($"--buffer-budget: expected a size such as 8MB, got '{budgetText}'.");
                    return ExitCodes.InvalidConfiguration;
                }

                options.BufferBudget = budget;
            }

            if (!BenchSinks.TryParse(result.GetValue(sink)!, out var sinkKind))
            {
                await Console.Error.WriteLineAsync($"--sink: '{result.GetValue(sink)}' is not null, parquet, jsonl or nats.");
                return ExitCodes.InvalidConfiguration;
            }

            options.Duration = d;
            options.Warmup = w;
            options.SampleInterval = s;
            options.FlushInterval = f;
            options.Sink = sinkKind;
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"bench-e2e: {ex.Message}");
                return ExitCodes.InvalidConfiguration;
            }

            using var signal = new StopSignal(() => { });
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signal.Token);
            try
            {
                return await new ThroughputRun(options, Console.Out, Console.Error).RunAsync(linked.Token);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                await Console.Error.WriteLineAsync($"bench-e2e: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static bool TryDuration(string text, string option, out TimeSpan duration)
    {
        if (DurationText.TryParse(text, out duration) && duration >= TimeSpan.Zero)
        {
            return true;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{option}: '{text}' is not a duration such as 30s or 5m."));
        return false;
    }

    private static string LocateRecordings()
    {
        var local = Path.Combine(Environment.CurrentDirectory, "recordings");
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "recordings");
    }
}
