using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// Turns a validated config into the list of market feeds to run: one per exchange market, URLs defaulted to the
/// venue's public addresses, data types narrowed to what the market has and what the plan's <c>enable_*</c>
/// switches allow, and scheduler intervals attached.
/// </summary>
internal static class FeedPlanner
{
    private static readonly DataType[] DerivativeOnly =
        [DataType.FundingRate, DataType.OpenInterest, DataType.Liquidation, DataType.MarkPrice, DataType.LongShortRatio];

    public static IReadOnlyList<MarketFeedSettings> Plan(CollectorConfig config)
    {
        var feeds = new List<MarketFeedSettings>();
        foreach (var entry in config.Exchanges.Where(entry => entry.Enabled))
        {
            if (!WireNames.TryParseMarketType(entry.MarketType, out var market))
            {
                throw new InvalidOperationException($"Unknown market_type '{entry.MarketType}' for {entry.Exchange}.");
            }

            if (entry.Symbols.Count > 0)
            {
                feeds.Add(Build(config, entry, market, entry.BaseUrl, entry.WsUrl, entry.Symbols));
            }

            if (entry.FuturesSymbols.Count > 0)
            {
                feeds.Add(Build(config, entry, MarketType.Perpetual, entry.FuturesUrl, entry.FuturesWsUrl, entry.FuturesSymbols));
            }
        }

        return feeds;
    }

    private static MarketFeedSettings Build(
        CollectorConfig config,
        ExchangeOptions entry,
        MarketType market,
        string? restUrl,
        string? wsUrl,
        IReadOnlyList<string> symbols)
    {
        var venue = VenueCatalog.Get(entry.Exchange, market).Configure(VenueOptions(entry));
        var instruments = symbols.Select(venue.CreateInstrument).ToList();
        return new MarketFeedSettings(
            venue,
            restUrl is null ? venue.DefaultRestUrl : new Uri(restUrl),
            wsUrl is null ? venue.DefaultWsUrl : new Uri(wsUrl),
            instruments,
            DataTypes(entry, venue),
            config.Books,
            config.Connections,
            config.Rest,
            entry.MaxRequestsPerMinute,
            entry.ApiRateLimit);
    }

    /// <summary>
    /// The entry's exchange-only options, which configure its markets; an entry built in code without loading takes
    /// the exchange's defaults.
    /// </summary>
    private static IVenueOptions VenueOptions(ExchangeOptions entry) =>
        entry.VenueOptions ?? ExchangeCatalog.Get(entry.Exchange).CreateOptions();

    /// <summary>What to collect on one market: the configured types (all when none are listed) that the market has and the switches allow.</summary>
    public static IReadOnlySet<DataType> DataTypes(ExchangeOptions entry, IExchangeVenue venue)
    {
        var wanted = new HashSet<DataType>();
        if (entry.DataTypes.Count == 0)
        {
            wanted.UnionWith(WireNames.AllDataTypes);
        }
        else
        {
            foreach (var name in entry.DataTypes)
            {
                if (WireNames.TryParseDataType(name, out var type))
                {
                    wanted.Add(type);
                }
            }
        }

        wanted.IntersectWith(venue.SupportedDataTypes);
        if (venue.MarketType == MarketType.Spot)
        {
            wanted.ExceptWith(DerivativeOnly);
        }

        if (!entry.EnableFundingRate)
        {
            wanted.Remove(DataType.FundingRate);
        }

        if (!entry.EnableOpenInterest)
        {
            wanted.Remove(DataType.OpenInterest);
        }

        if (!entry.EnableLiquidation)
        {
            wanted.Remove(DataType.Liquidation);
        }

        return wanted;
    }
}
