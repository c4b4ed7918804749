using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.Nats;
using MarketPrism.Tests.Sinks.FileStore;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.JetStream.Models;

namespace MarketPrism.Tests.Sinks.Nats;

/// <summary>The NATS sink against a real nats-server with JetStream (scripts/test-servers.sh).</summary>
public sealed class NatsSinkTests
{
    private static NatsSink CreateSink(NatsSinkOptions options) => new(options, "marketprism-tests", NullLogger<NatsSink>.Instance);

    [Fact]
    public async Task Every_record_is_stored_on_its_subject_as_the_normalize_json_with_its_key_and_headers()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome([.. SampleRecords.EveryType(), .. RecordedBinanceFuturesSession.Records().Take(300)]);
        await using var sink = CreateSink(bed.Options());
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        var messages = await bed.ReadStreamAsync();
        Assert.Equal(records.Count, messages.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var message = messages[i];
            Assert.Equal($"{record.DataType.ToWireName()}.{bed.Exchange}.{record.MarketType.ToWireName()}.{record.SymbolName}", message.Subject);
            Assert.Equal(RecordKey.For(record), message.Headers![NatsMessageHeaders.MessageId].ToString());
            Assert.Equal("application/json", message.Headers[NatsMessageHeaders.ContentType].ToString());
            Assert.Equal("1", message.Headers[NatsMessageHeaders.SchemaVersion].ToString());
            Assert.Equal(RecordJsonWriter.ToUtf8Bytes(record, TimestampPrecision.Milliseconds), message.Data);
        }

        Assert.Equal(records.Count, sink.Statistics.Stored);
        Assert.Equal(0, sink.Statistics.Duplicates);
    }

    [Fact]
    public async Task The_stream_is_created_with_the_configured_limits_and_updated_when_they_change()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        await using (var sink = CreateSink(bed.Options()))
        {
            await sink.StartAsync(TestContext.Current.CancellationToken);
        }

        await using (var changed = CreateSink(bed.Options(options => options.MaxAge = TimeSpan.FromHours(2))))
        {
            await changed.StartAsync(TestContext.Current.CancellationToken);
        }

        var config = (await bed.JetStream.GetStreamAsync(bed.Stream, cancellationToken: TestContext.Current.CancellationToken)).Info.Config;
        Assert.Equal([$"*.{bed.Exchange}.>"], config.Subjects);
        Assert.Equal(StreamConfigStorage.File, config.Storage);
        Assert.Equal(TimeSpan.FromHours(2), config.MaxAge);
        Assert.Equal(64L * 1024 * 1024, config.MaxBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), config.DuplicateWindow);
        Assert.Equal(1, config.NumReplicas);
    }

    [Fact]
    public async Task A_batch_written_again_after_a_lost_ack_is_stored_once()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome(RecordedBinanceFuturesSession.Records().Take(200));
        await using var sink = CreateSink(bed.Options());
        await sink.StartAsync(TestContext.Current.CancellationToken);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);
        await sink.WriteAsync(records, TestContext.Current.CancellationToken);

        Assert.Equal(records.Count, (await bed.ReadStreamAsync()).Count);
        Assert.Equal(records.Count, sink.Statistics.Stored);
        Assert.Equal(records.Count, sink.Statistics.Duplicates);
    }

    [Fact]
    public async Task Two_collectors_publishing_the_same_records_leave_one_copy_of_each()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome(RecordedBinanceFuturesSession.Records().Take(500));
        await using var first = CreateSink(bed.Options());
        await using var second = CreateSink(bed.Options());
        await first.StartAsync(TestContext.Current.CancellationToken);
        await second.StartAsync(TestContext.Current.CancellationToken);

        // Interleaved, as two collectors receiving the same feed would publish.
        for (var offset = 0; offset < records.Count; offset += 50)
        {
            var batch = records.Skip(offset).Take(50).ToList();
            await Task.WhenAll(first.WriteAsync(batch, TestContext.Current.CancellationToken).AsTask(), second.WriteAsync(batch, TestContext.Current.CancellationToken).AsTask());
        }

        var messages = await bed.ReadStreamAsync();
        Assert.Equal(records.Select(RecordKey.For).Order(StringComparer.Ordinal), messages.Select(message => message.Headers![NatsMessageHeaders.MessageId].ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(records.Count, first.Statistics.Stored + second.Statistics.Stored);
        Assert.Equal(records.Count, first.Statistics.Duplicates + second.Statistics.Duplicates);
    }

    [Fact]
    public async Task Core_data_types_skip_the_stream_and_reach_live_subscribers_with_their_key()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        var records = bed.Rehome(RecordedBinanceFuturesSession.Records().Take(300));
        var deltas = records.Where(record => record.DataType == DataType.BookDelta).ToList();
        Assert.NotEmpty(deltas);
        await using var sink = CreateSink(bed.Options(options =>
        {
            options.CoreDataTypes = ["book_delta"];
            options.Subjects = [$"trade.{bed.Exchange}.>", $"best_bid_ask.{bed.Exchange}.>"];
        }));
        await sink.StartAsync(TestContext.Current.CancellationToken);
        var received = new List<(string Subject, string Key)>();
        using var subscribed = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var subscription = await bed.Connection.SubscribeCoreAsync<byte[]>($"book_delta.{bed.Exchange}.>", cancellationToken: subscribed.Token);
        // The server has registered the subscription once it answered a PING sent after it.
        await bed.Connection.PingAsync(subscribed.Token);
        var receiving = Task.Run(async () =>
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(subscribed.Token))
            {
                received.Add((message.Subject, message.Headers![NatsMessageHeaders.MessageId].ToString()));
                if (received.Count == deltas.Count)
                {
                    return;
                }
            }
        }, subscribed.Token);

        await sink.WriteAsync(records, TestContext.Current.CancellationToken);
        await receiving;
        await subscription.DisposeAsync();

        Assert.Equal(deltas.Select(RecordKey.For), received.Select(message => message.Key));
        var stored = await bed.ReadStreamAsync();
        Assert.Equal(records.Count - deltas.Count, stored.Count);
        Assert.DoesNotContain(stored, message => message.Subject.StartsWith("book_delta.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_does_not_stop_the_start_and_fails_each_write_at_once()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new NatsSinkOptions { Enabled = true, Url = $"nats://127.0.0.1:{port}", AckTimeout = TimeSpan.FromSeconds(5) };
        await using var sink = CreateSink(options);

        await sink.StartAsync(TestContext.Current.CancellationToken);
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SinkUnavailableException>(() => sink.WriteAsync([SampleRecords.Trade(1)], TestContext.Current.CancellationToken).AsTask());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"the write took {watch.Elapsed}");
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_the_server_refuses_stops_the_start_with_the_servers_reason()
    {
        await using var bed = await NatsTestBed.CreateAsync();
        await using (var owner = CreateSink(bed.Options()))
        {
            await owner.StartAsync(TestContext.Current.CancellationToken);
        }

        // A second stream over the same subjects: JetStream refuses overlapping streams.
        var otherName = bed.Stream + "_OTHER";
        await using var conflicting = CreateSink(bed.Options(options => options.Stream = otherName));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => conflicting.StartAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(otherName, error.Message, StringComparison.Ordinal);
        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }
}
