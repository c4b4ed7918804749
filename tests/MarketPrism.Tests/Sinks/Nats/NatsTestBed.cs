using System.Text.Json;
using System.Text.Json.Nodes;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.Nats;
using MarketPrism.Tests.TestSupport;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace MarketPrism.Tests.Sinks.Nats;

/// <summary>
/// One test's corner of the shared NATS server: a stream of its own that captures only subjects of an exchange name
/// no other test uses (<c>*.{exchange}.&gt;</c>), so tests run in parallel without seeing each other's messages.
/// </summary>
internal sealed class NatsTestBed : IAsyncDisposable
{
    private readonly NatsConnection _connection;

    private NatsTestBed(string url, NatsConnection connection)
    {
        Url = url;
        _connection = connection;
        Exchange = TestServers.UniqueName("x").ToLowerInvariant();
        Stream = TestServers.UniqueName("TEST");
        JetStream = new NatsJSContext(connection);
    }

    public string Url { get; }

    /// <summary>The exchange name every record of this test carries.</summary>
    public string Exchange { get; }

    public string Stream { get; }

    public NatsJSContext JetStream { get; }

    public INatsConnection Connection => _connection;

    public static async Task<NatsTestBed> CreateAsync()
    {
        var url = TestServers.NatsUrl();
        var connection = new NatsConnection(NatsOpts.Default with { Url = url, Name = "marketprism-tests" });
        await connection.ConnectAsync();
        return new NatsTestBed(url, connection);
    }

    public NatsSinkOptions Options(Action<NatsSinkOptions>? configure = null)
    {
        var options = new NatsSinkOptions
        {
            Enabled = true,
            Url = Url,
            Stream = Stream,
            Subjects = [$"*.{Exchange}.>"],
            MaxAge = TimeSpan.FromHours(1),
            MaxBytes = new MarketPrism.Core.Configuration.ByteSize(64L * 1024 * 1024),
            DuplicateWindow = TimeSpan.FromMinutes(2),
            AckTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The same records, moved to this test's exchange name (every other field unchanged).</summary>
    public IReadOnlyList<MarketRecord> Rehome(IEnumerable<MarketRecord> records)
    {
        var reader = new RecordJsonReader();
        var result = new List<MarketRecord>();
        foreach (var record in records)
        {
            var node = JsonNode.Parse(RecordJsonWriter.ToUtf8Bytes(record, TimestampPrecision.Microseconds))!;
            node["exchange_name"] = Exchange;
            result.Add(reader.Read(JsonSerializer.SerializeToUtf8Bytes(node)));
        }

        return result;
    }

    /// <summary>Every message the stream holds, oldest first.</summary>
    public async Task<List<INatsJSMsg<byte[]>>> ReadStreamAsync()
    {
        var stream = await JetStream.GetStreamAsync(Stream, cancellationToken: TestContext.Current.CancellationToken);
        var expected = stream.Info.State.Messages;
        var messages = new List<INatsJSMsg<byte[]>>();
        if (expected == 0)
        {
            return messages;
        }

        var consumer = await JetStream.CreateOrderedConsumerAsync(Stream, cancellationToken: TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token))
        {
            messages.Add(message);
            if (messages.Count == expected)
            {
                break;
            }
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await JetStream.DeleteStreamAsync(Stream);
        }
        catch (NatsJSApiException)
        {
            // The test never created it.
        }

        await _connection.DisposeAsync();
    }
}
