using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// What one market feed collects and how, resolved from the config (URLs defaulted, symbols parsed, the market
/// configured by the entry's <c>options:</c>).
/// </summary>
internal sealed record MarketFeedSettings(
    IExchangeVenue Venue,
    Uri RestUrl,
    Uri WsUrl,
    IReadOnlyList<Instrument> Instruments,
    IReadOnlySet<DataType> DataTypes,
    BookOptions Books,
    ConnectionOptions Connections,
    RestOptions Rest,
    int MaxRequestsPerMinute,
    int ApiRateLimit)
{
    public string Name => $"{Venue.Exchange}-{Venue.MarketType.ToWireName()}";
}
