namespace MarketPrism.Collector.Configuration;

public enum ChannelFullMode
{
    Wait,
    DropNewest,
    DropOldest,
}
