namespace MarketPrism.Sinks.Nats;

/// <summary>The headers every message the NATS sink publishes carries.</summary>
public static class NatsMessageHeaders
{
    /// <summary>The payload's media type: always <see cref="JsonContentType"/>.</summary>
    public const string ContentType = "Content-Type";

    public const string JsonContentType = "application/json";

    /// <summary>The schema version of the payload (<see cref="Core.Serialization.RecordSchema.Version"/>).</summary>
    public const string SchemaVersion = "MarketPrism-Schema-Version";

    /// <summary>The record key (<see cref="Core.Model.RecordKey"/>); JetStream drops a second message with the same id.</summary>
    public const string MessageId = "Nats-Msg-Id";
}
