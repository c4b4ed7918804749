using MarketPrism.Core.Configuration;

namespace MarketPrism.Sinks.Nats;

/// <summary>
/// The NATS sink (config section <c>sinks.nats</c>): every record is published to
/// <c>{data_type}.{exchange}.{market_type}.{symbol}</c>, through a JetStream stream that the sink creates or updates at
/// start, or with core NATS for the data types listed in <see cref="CoreDataTypes"/>.
/// </summary>
public sealed class NatsSinkOptions
{
    /// <summary>Whether records are published to NATS. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Server address; several may be given comma-separated. Credentials may be part of the URL
    /// (<c>nats://user:password@host:4222</c>). Default: <c>nats://127.0.0.1:4222</c>.
    /// </summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Name of the JetStream stream, created or updated at start. Default: <c>MARKETPRISM</c>.</summary>
    public string Stream { get; set; } = "MARKETPRISM";

    /// <summary>
    /// Subjects the stream captures. Default: empty, meaning <c>{data_type}.&gt;</c> for every data type that is not in
    /// <see cref="CoreDataTypes"/>.
    /// </summary>
    public List<string> Subjects { get; set; } = [];

    /// <summary>Where the stream stores messages. Default: file.</summary>
    public NatsStreamStorage Storage { get; set; } = NatsStreamStorage.File;

    /// <summary>Copies of each message in a JetStream cluster (1..5). Default: 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Messages older than this are removed from the stream. Default: 7d.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The stream's size limit; the oldest messages are removed beyond it. Default: 10GB.</summary>
    public ByteSize MaxBytes { get; set; } = new(10L * 1024 * 1024 * 1024);

    /// <summary>
    /// How long the server remembers a <c>Nats-Msg-Id</c> to drop a second copy (active-active collectors, a batch
    /// re-sent after a lost ack). Default: 2m.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Data types published with core NATS instead of JetStream: no stream, no ack, no replay for late subscribers;
    /// for the highest-rate types when only live consumers need them. Default: empty.
    /// </summary>
    public List<string> CoreDataTypes { get; set; } = [];

    /// <summary>Publishes awaiting their JetStream ack at once. Default: 1000.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>A batch whose acks have not all arrived after this long is failed and retried. Default: 5s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
