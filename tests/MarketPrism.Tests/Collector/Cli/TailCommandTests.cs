using System.Text;
using MarketPrism.Collector.Cli;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.Nats;
using MarketPrism.Tests.Sinks.FileStore;
using MarketPrism.Tests.Sinks.Nats;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Cli;

/// <summary><c>tail</c> against a real nats-server, reading what the NATS sink published.</summary>
public sealed class TailCommandTests
{
    [Fact]
    public async Task Tail_all_prints_every_stored_record_as_a_json_line_in_order()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome(RecordedBinanceFuturesSession.Records().Take(120));
        await using (var sink = new NatsSink(bed.Options(), "tests", NullLogger<NatsSink>.Instance))
        {
            await sink.StartAsync(TestContext.Current.CancellationToken);
            await sink.WriteAsync(records, TestContext.Current.CancellationToken);
        }

        var (exitCode, lines, errors) = await TailAsync(new TailSettings(bed.Url, null, bed.Stream, records.Count, TimeSpan.MaxValue, WithSubject: false));

        Assert.Equal(0, exitCode);
        Assert.Equal(records.Select(record => Encoding.UTF8.GetString(RecordJsonWriter.ToUtf8Bytes(record))), lines);
        Assert.Contains($"tail: {records.Count} records", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subject_filter_limits_the_output_and_with_subject_prefixes_each_line()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome(RecordedBinanceFuturesSession.Records().Take(200));
        var trades = records.Where(record => record.DataType == MarketPrism.Core.Model.DataType.Trade).ToList();
        Assert.NotEmpty(trades);
        await using (var sink = new NatsSink(bed.Options(), "tests", NullLogger<NatsSink>.Instance))
        {
            await sink.StartAsync(TestContext.Current.CancellationToken);
            await sink.WriteAsync(records, TestContext.Current.CancellationToken);
        }

        var (_, lines, _) = await TailAsync(new TailSettings(bed.Url, $"trade.{bed.Exchange}.>", bed.Stream, trades.Count, TimeSpan.MaxValue, WithSubject: true));

        Assert.Equal(
            trades.Select(trade => $"{NatsSubjects.For(trade.DataType, trade.Instrument)} {Encoding.UTF8.GetString(RecordJsonWriter.ToUtf8Bytes(trade))}"),
            lines);
    }

    [Fact]
    public async Task Live_tail_prints_records_published_after_it_subscribed()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome(RecordedBinanceFuturesSession.Records().Take(50));
        await using var sink = new NatsSink(bed.Options(), "tests", NullLogger<NatsSink>.Instance);
        await sink.StartAsync(TestContext.Current.CancellationToken);
        var errors = new SignallingWriter("(Ctrl+C stops)");
        var tail = TailAsync(new TailSettings(bed.Url, $"*.{bed.Exchange}.>", bed.Stream, 1, History: null, WithSubject: false), errors);

        // The tail says it is listening only once the server has its subscriptions: what is published next is printed.
        await errors.Seen.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        var (exitCode, lines, _) = await tail.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, exitCode);
        Assert.Contains(Assert.Single(lines), records.Select(record => Encoding.UTF8.GetString(RecordJsonWriter.ToUtf8Bytes(record))));
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_with_exit_code_1()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, lines, errors) = await TailAsync(new TailSettings($"nats://127.0.0.1:{port}", null, "S", 1, null, false));

        Assert.Equal(1, exitCode);
        Assert.Empty(lines);
        Assert.Contains($"cannot connect to NATS at nats://127.0.0.1:{port}", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trade..x", "is not a subject filter")]
    [InlineData("trade.>", "--count must be positive", 0)]
    public void Bad_arguments_are_explained(string subject, string message, int count = 1)
    {
        var errors = new StringWriter();

        var settings = TailCommand.Resolve(subject, "nats://127.0.0.1:4222", null, count, null, false, "S", false, errors);

        Assert.Null(settings);
        Assert.Contains(message, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Since_takes_a_duration_and_all_replays_the_whole_stream()
    {
        var errors = new StringWriter();

        var since = TailCommand.Resolve(null, "nats://h:1", null, null, "5m", false, "S", false, errors)!;
        var all = TailCommand.Resolve(null, "nats://h:1", null, null, null, true, "S", false, errors)!;
        var both = TailCommand.Resolve(null, "nats://h:1", null, null, "5m", true, "S", false, errors);

        Assert.Equal(TimeSpan.FromMinutes(5), since.History);
        Assert.Equal(TimeSpan.MaxValue, all.History);
        Assert.Null(both);
        Assert.Contains("not both", errors.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, List<string> Lines, string Errors)> TailAsync(TailSettings settings, StringWriter? errorWriter = null)
    {
        using var output = new MemoryStream();
        var errors = errorWriter ?? new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var exitCode = await TailCommand.RunAsync(settings, output, errors, timeout.Token);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        return (exitCode, lines, errors.ToString());
    }

    /// <summary>The tail's error output, completing <see cref="Seen"/> when a line containing a text is written.</summary>
    private sealed class SignallingWriter(string text) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Check(value);
        }

        public override Task WriteLineAsync(string? value)
        {
            var written = base.WriteLineAsync(value);
            Check(value);
            return written;
        }

        private void Check(string? value)
        {
            if (value is not null && value.Contains(text, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }
}
