namespace MarketPrism.Collector.Telemetry;

public enum ConnectionState
{
    Connecting,
    Subscribing,
    Up,
    Reconnecting,
    Closed,
}
