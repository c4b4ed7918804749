namespace MarketPrism.Collector.Configuration;

public enum LogFormat
{
    Text,
    Json,
}
