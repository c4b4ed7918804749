using MarketPrism.Core.Books;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Binance;

/// <summary>Binance's options (<see cref="BinanceOptions"/>) and its REST depth limits on <c>books</c>.</summary>
public sealed partial class BinancePlugin
{
    public IVenueOptions CreateOptions() => new BinanceOptions();

    /// <summary>
    /// USD-M and COIN-M <c>/depth</c> accept only <see cref="BinanceLimits.FuturesDepthLimits"/> and answer any other
    /// limit with HTTP 400, which would leave every perpetual book unsynchronized; spot accepts 1 to 5000, the range
    /// the collector already enforces for every venue.
    /// </summary>
    public void ValidateBooks(BookOptions books, IReadOnlyList<ConfiguredEntry> entries, IConfigReport report)
    {
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(report);
        var limit = books.RestSnapshotLimit;
        if (limit > BinanceLimits.SpotMaxDepthLimit || BinanceLimits.FuturesDepthLimits.Contains(limit))
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (entry.Markets.Contains(MarketType.Perpetual) || entry.Markets.Contains(MarketType.Futures))
            {
                var limits = string.Join(", ", BinanceLimits.FuturesDepthLimits.ToArray());
                report.Error("books.rest_snapshot_limit", $"must be one of {limits} because {entry.Path} collects Binance futures, whose /depth accepts only those; got {limit}");
                return;
            }
        }
    }

    /// <summary>Binance books are REST snapshots plus diffs: the bound only has to hold what the snapshot gives.</summary>
    public BookLevelsNeed? BookLevelsNeeded(BookOptions books, IReadOnlyList<ConfiguredEntry> entries) => null;
}
