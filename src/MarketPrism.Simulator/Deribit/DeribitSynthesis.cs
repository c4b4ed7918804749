using MarketPrism.Core.Model;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// The formulas behind the synthetic perpetuals (documented in the simulator README). Every value is a function of
/// the recorded index price and a running number, so a session is generated the same way every time.
/// </summary>
internal static class DeribitSynthesis
{
    /// <summary>Levels per side of a synthetic perpetual book.</summary>
    public const int BookLevels = 10;

    /// <summary>Deribit's funding dead band: no funding while the premium stays within ±0.05%.</summary>
    private const decimal DeadBand = 0.0005m;

    /// <summary>The perpetual trades at 0.03% over the index, then 0.08% for ten seconds, and so on (funding then flows).</summary>
    public static decimal Premium(int second) => (second / 10) % 2 == 0 ? 0.0003m : 0.0008m;

    /// <summary>
    /// The book a synthetic perpetual holds at a second: best bid the index plus the premium rounded down to the tick,
    /// best ask one tick above, <see cref="BookLevels"/> levels a tick apart on each side, amounts whole contracts
    /// (multiples of the contract size, in USD) that vary with the second.
    /// </summary>
    public static TruthBook PerpetualBook(DeribitInstrument perpetual, decimal index, int second)
    {
        var tick = perpetual.TickSize;
        var fair = index * (1 + Premium(second));
        var bestBid = decimal.Floor(fair / tick) * tick;
        var book = new TruthBook();
        for (var level = 0; level < BookLevels; level++)
        {
            var contracts = 1 + (((second * 7) + (level * 13)) % 40);
            book.Set(Side.Buy, Normalize(bestBid - (level * tick), tick), contracts * perpetual.ContractSize);
            var askContracts = 1 + (((second * 11) + (level * 5)) % 40);
            book.Set(Side.Sell, Normalize(bestBid + ((level + 1) * tick), tick), askContracts * perpetual.ContractSize);
        }

        return book;
    }

    /// <summary>Mark price: the mid of the book, two decimals.</summary>
    public static decimal Mark(decimal bestBid, decimal bestAsk) =>
        decimal.Round((bestBid + bestAsk) / 2, 2, MidpointRounding.AwayFromZero);

    /// <summary>Deribit's funding: the premium beyond the ±0.05% dead band, per 8 hours, 8 decimals.</summary>
    public static decimal CurrentFunding(decimal mark, decimal index)
    {
        var premium = index == 0 ? 0 : (mark - index) / index;
        var funding = premium > DeadBand ? premium - DeadBand : premium < -DeadBand ? premium + DeadBand : 0m;
        return decimal.Round(funding, 8, MidpointRounding.AwayFromZero);
    }

    /// <summary>Every third trade is flagged a liquidation: the taker's ("T"), then the maker's ("M"), and every ninth both ("MT").</summary>
    public static string? LiquidationFlag(int trade) => (trade % 9) switch
    {
        0 => "MT",
        3 => "T",
        6 => "M",
        _ => null,
    };

    /// <summary>Trade amounts: 1 to 20 contracts.</summary>
    public static decimal TradeAmount(DeribitInstrument perpetual, int trade) => (1 + ((trade * 3) % 20)) * perpetual.ContractSize;

    /// <summary>Keeps a price at the tick's scale (5.50 for a 0.05 tick shows as 5.50, as Deribit writes its prices).</summary>
    private static decimal Normalize(decimal price, decimal tick) => decimal.Round(price, tick.Scale);
}
