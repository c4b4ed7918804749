namespace MarketPrism.Collector.Configuration;

/// <summary>How a config value is written in YAML, which decides how it is parsed and described in errors.</summary>
internal enum ConfigValueKind
{
    String,
    Boolean,
    Integer,
    Long,
    Decimal,
    Duration,
    ByteSize,
    Enum,
    List,
    Dictionary,
    Section,
}
