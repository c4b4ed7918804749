namespace MarketPrism.Exchanges.Bybit;

/// <summary>
/// The fields of one symbol's <c>tickers</c> topic that the collector records, as last stated. A snapshot sets every
/// field (absent or empty means "no value": dated contracts send <c>"fundingRate":""</c>); a delta changes only the
/// fields it carries ("If a response param is not found in the message, then its value has not changed").
/// </summary>
internal sealed class BybitTicker
{
    public decimal? MarkPrice { get; private set; }

    public decimal? IndexPrice { get; private set; }

    public decimal? FundingRate { get; private set; }

    /// <summary>Next funding time, epoch milliseconds.</summary>
    public long? NextFundingTime { get; private set; }

    public decimal? OpenInterest { get; private set; }

    public decimal? OpenInterestValue { get; private set; }

    public void Replace(in BybitTickerFields fields)
    {
        MarkPrice = fields.MarkPrice.Value;
        IndexPrice = fields.IndexPrice.Value;
        FundingRate = fields.FundingRate.Value;
        NextFundingTime = fields.NextFundingTime.Value;
        OpenInterest = fields.OpenInterest.Value;
        OpenInterestValue = fields.OpenInterestValue.Value;
    }

    public void Merge(in BybitTickerFields fields)
    {
        MarkPrice = fields.MarkPrice.Present ? fields.MarkPrice.Value : MarkPrice;
        IndexPrice = fields.IndexPrice.Present ? fields.IndexPrice.Value : IndexPrice;
        FundingRate = fields.FundingRate.Present ? fields.FundingRate.Value : FundingRate;
        NextFundingTime = fields.NextFundingTime.Present ? fields.NextFundingTime.Value : NextFundingTime;
        OpenInterest = fields.OpenInterest.Present ? fields.OpenInterest.Value : OpenInterest;
        OpenInterestValue = fields.OpenInterestValue.Present ? fields.OpenInterestValue.Value : OpenInterestValue;
    }
}

/// <summary>One ticker field of a message: whether the message carries it, and its value (null when empty).</summary>
internal readonly record struct BybitTickerField<T>(bool Present, T? Value)
    where T : struct;

/// <summary>The recorded fields one <c>tickers</c> message carries.</summary>
internal struct BybitTickerFields
{
    public BybitTickerField<decimal> MarkPrice;
    public BybitTickerField<decimal> IndexPrice;
    public BybitTickerField<decimal> FundingRate;
    public BybitTickerField<long> NextFundingTime;
    public BybitTickerField<decimal> OpenInterest;
    public BybitTickerField<decimal> OpenInterestValue;

    public readonly bool CarriesFunding => FundingRate.Present || NextFundingTime.Present;

    public readonly bool CarriesMarkPrice => MarkPrice.Present || IndexPrice.Present;

    public readonly bool CarriesOpenInterest => OpenInterest.Present || OpenInterestValue.Present;
}

/// <summary>One <c>tickers</c> message as read: the recorded fields it carries, and whether it is a snapshot or a delta.</summary>
internal readonly record struct BybitTickerMessage(BybitTickerFields Fields, bool Snapshot);
