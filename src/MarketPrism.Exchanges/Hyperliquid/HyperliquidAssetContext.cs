using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Hyperliquid;

/// <summary>
/// A perpetual's asset context, as <c>activeAssetCtx</c> pushes it and <c>metaAndAssetCtxs</c> lists it:
/// <c>funding</c> (the hourly rate), <c>openInterest</c> (base units), <c>markPx</c>, <c>oraclePx</c> and fields the
/// schema has no place for (<c>midPx</c>, <c>premium</c>, <c>impactPxs</c>, day volumes).
/// </summary>
internal struct HyperliquidAssetContext
{
    public decimal Funding;
    public decimal OpenInterest;
    public decimal MarkPrice;
    public decimal? OraclePrice;

    /// <summary>Reads the <c>ctx</c> object the reader is on; null, or why it cannot be used.</summary>
    public static string? TryRead(scoped ref Utf8JsonReader reader, out HyperliquidAssetContext context)
    {
        context = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "'ctx' is not an object";
        }

        decimal? funding = null;
        decimal? openInterest = null;
        decimal? mark = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("funding"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return "field 'funding' is not a decimal rate";
                }

                funding = parsed;
            }
            else if (name.SequenceEqual("openInterest"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return "field 'openInterest' is not a decimal";
                }

                openInterest = parsed;
            }
            else if (name.SequenceEqual("markPx"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return "field 'markPx' is not a decimal price";
                }

                mark = parsed;
            }
            else if (name.SequenceEqual("oraclePx"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out var parsed))
                {
                    return "field 'oraclePx' is not a decimal price";
                }

                context.OraclePrice = parsed;
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return "'ctx' is truncated";
        }

        if (funding is null || openInterest is null || mark is null)
        {
            return $"field '{(funding is null ? "funding" : openInterest is null ? "openInterest" : "markPx")}' is missing";
        }

        context.Funding = funding.Value;
        context.OpenInterest = openInterest.Value;
        context.MarkPrice = mark.Value;
        return null;
    }

    /// <summary>
    /// The next funding time after <paramref name="time"/>: Hyperliquid pays funding every hour on the hour, so it is
    /// the next full hour (an observation exactly on the hour is for the hour after).
    /// </summary>
    public static DateTime NextFundingTime(DateTime time)
    {
        var hour = HyperliquidLimits.FundingInterval.Ticks;
        return new DateTime(time.Ticks - (time.Ticks % hour) + hour, DateTimeKind.Utc);
    }

    /// <summary>Funding rate, open interest (valued at the mark) and mark price records of one observation.</summary>
    public readonly void AddRecords(Instrument instrument, DateTime timestamp, DateTime local, List<MarketRecord> output)
    {
        output.Add(new FundingRateRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            FundingRate = Funding,
            NextFundingTime = NextFundingTime(timestamp),
            MarkPrice = MarkPrice,
            IndexPrice = OraclePrice,
        });
        output.Add(new OpenInterestRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            OpenInterest = OpenInterest,
            OpenInterestValue = OpenInterest * MarkPrice,
        });
        output.Add(new MarkPriceRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            MarkPrice = MarkPrice,
            IndexPrice = OraclePrice,
        });
    }
}
