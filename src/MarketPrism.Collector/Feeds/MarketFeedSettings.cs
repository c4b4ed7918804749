using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Feeds;

/// <summary>What one market feed collects and how, resolved from the config (URLs defaulted, symbols parsed).</summary>
internal sealed record MarketFeedSettings(
    IExchangeVenue Venue,
    Uri RestUrl,
    Uri WsUrl,
    IReadOnlyList<Instrument> Instruments,
    IReadOnlySet<DataType> DataTypes,
    VenueStreamOptions StreamOptions,
    BookOptions Books,
    ConnectionOptions Connections,
    RestOptions Rest,
    int MaxRequestsPerMinute,
    int ApiRateLimit)
{
    public string Name => $"{Venue.Exchange}-{Venue.MarketType.ToWireName()}";
}
