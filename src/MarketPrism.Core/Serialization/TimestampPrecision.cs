namespace MarketPrism.Core.Serialization;

/// <summary>Fraction digits of timestamps in the JSON form.</summary>
public enum TimestampPrecision : byte
{
    /// <summary>Three digits: the documented form of <c>normalize</c> output and bus messages.</summary>
    Milliseconds,

    /// <summary>Six digits: the file store's lines and journals, which must not lose what Parquet keeps.</summary>
    Microseconds,
}
