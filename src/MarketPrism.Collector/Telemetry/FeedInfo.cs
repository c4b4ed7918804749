using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>What telemetry needs to know about a feed up front.</summary>
/// <param name="Exchange">Lower-case exchange name.</param>
/// <param name="Market">Market type.</param>
/// <param name="DataTypes">Data types the feed collects (health watches each one's freshness).</param>
/// <param name="Books">Reads the current state of the feed's books; called off the hot path (health requests).</param>
public sealed record FeedInfo(string Exchange, MarketType Market, IReadOnlySet<DataType> DataTypes, Func<IReadOnlyList<BookStatus>> Books)
{
    public string Name => $"{Exchange}-{Market.ToWireName()}";

    /// <summary>Reads how long the feed's connections and streams have been silent; called off the hot path (health requests). Null: not known.</summary>
    public Func<FeedActivity>? Activity { get; init; }
}
