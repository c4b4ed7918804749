namespace MarketPrism.Core.Serialization;

/// <summary>The version of the normalized schema (docs/schema.md) that outputs carry, e.g. in NATS message headers.</summary>
public static class RecordSchema
{
    /// <summary>Raised when a field is renamed, removed or changes meaning; adding a field keeps it.</summary>
    public const int Version = 1;
}
