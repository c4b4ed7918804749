using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Binance;

/// <summary>A depth body: REST <c>/api/v3/depth</c>, <c>/fapi/v1/depth</c>, <c>/dapi/v1/depth</c>, or tardis's <c>@depthSnapshot</c>.</summary>
internal ref struct DepthBody
{
    public long LastUpdateId;
    public BookLevel[] Bids;
    public BookLevel[] Asks;

    /// <summary><c>E</c>, the message time (futures only).</summary>
    public long? EventTime;

    /// <summary><c>T</c>, the matching-engine time (futures only).</summary>
    public long? TransactionTime;

    /// <summary><c>symbol</c> (COIN-M only); empty when absent.</summary>
    public ReadOnlySpan<byte> Symbol;
}

/// <summary>An open-interest body: REST <c>/fapi/v1/openInterest</c> or tardis's <c>@openInterest</c>.</summary>
internal ref struct OpenInterestBody
{
    public decimal OpenInterest;
    public ReadOnlySpan<byte> Symbol;

    /// <summary><c>time</c>; tardis's wrapper drops it.</summary>
    public long? Time;
}

/// <summary>One <c>/fapi/v1/premiumIndex</c> entry.</summary>
internal ref struct PremiumIndexBody
{
    public ReadOnlySpan<byte> Symbol;
    public decimal MarkPrice;
    public decimal? IndexPrice;

    /// <summary><c>lastFundingRate</c>; null when empty (dated contracts publish <c>""</c>).</summary>
    public decimal? FundingRate;

    /// <summary><c>nextFundingTime</c>; 0 for contracts that do not fund.</summary>
    public long NextFundingTime;
    public long? Time;
}

/// <summary>
/// Readers for the Binance REST bodies, shared by <see cref="BinanceRestParser"/> and by
/// <see cref="BinanceFrameParser"/> for the tardis wrappers that embed them. Each takes a reader on the body's
/// opening brace, leaves it on the closing one, and names the offending field in <c>error</c> when it fails.
/// </summary>
internal static class BinanceBodies
{
    public static bool TryReadDepth(scoped ref Utf8JsonReader reader, out DepthBody body, out string? error)
    {
        body = default;
        body.Bids = [];
        body.Asks = [];
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "depth body is not an object";
            return false;
        }

        long? lastUpdateId = null;
        var hasBids = false;
        var hasAsks = false;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                error = "depth body is truncated";
                return false;
            }

            if (name.SequenceEqual("lastUpdateId"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var id))
                {
                    error = "depth: field 'lastUpdateId' is not an integer";
                    return false;
                }

                lastUpdateId = id;
            }
            else if (name.SequenceEqual("bids"u8))
            {
                if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out body.Bids, out var levelError))
                {
                    error = $"depth: field 'bids' {levelError}";
                    return false;
                }

                hasBids = true;
            }
            else if (name.SequenceEqual("asks"u8))
            {
                if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out body.Asks, out var levelError))
                {
                    error = $"depth: field 'asks' {levelError}";
                    return false;
                }

                hasAsks = true;
            }
            else if (JsonText.IsKey(name, (byte)'E'))
            {
                body.EventTime = JsonScalars.TryReadInt64(ref reader, out var time) ? time : null;
            }
            else if (JsonText.IsKey(name, (byte)'T'))
            {
                body.TransactionTime = JsonScalars.TryReadInt64(ref reader, out var time) ? time : null;
            }
            else if (name.SequenceEqual("symbol"u8) && reader.TokenType == JsonTokenType.String)
            {
                body.Symbol = JsonText.Get(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        error = lastUpdateId is null ? "depth: missing field 'lastUpdateId'"
            : !hasBids ? "depth: missing field 'bids'"
            : !hasAsks ? "depth: missing field 'asks'"
            : null;
        body.LastUpdateId = lastUpdateId ?? 0;
        return error is null;
    }

    public static bool TryReadOpenInterest(scoped ref Utf8JsonReader reader, out OpenInterestBody body, out string? error)
    {
        body = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "openInterest body is not an object";
            return false;
        }

        decimal? openInterest = null;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                error = "openInterest body is truncated";
                return false;
            }

            if (name.SequenceEqual("openInterest"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    error = "openInterest: field 'openInterest' is not a decimal";
                    return false;
                }

                openInterest = value;
            }
            else if (name.SequenceEqual("symbol"u8))
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = "openInterest: field 'symbol' is not a symbol";
                    return false;
                }

                body.Symbol = JsonText.Get(ref reader);
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var time))
                {
                    error = "openInterest: field 'time' is not an integer";
                    return false;
                }

                body.Time = time;
            }
            else
            {
                reader.Skip();
            }
        }

        error = openInterest is null ? "openInterest: missing field 'openInterest'" : null;
        body.OpenInterest = openInterest ?? 0;
        return error is null;
    }

    public static bool TryReadPremiumIndex(scoped ref Utf8JsonReader reader, out PremiumIndexBody body, out string? error)
    {
        body = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "premiumIndex entry is not an object";
            return false;
        }

        decimal? markPrice = null;
        long? nextFundingTime = null;
        var hasFundingRate = false;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                error = "premiumIndex body is truncated";
                return false;
            }

            if (name.SequenceEqual("symbol"u8))
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    error = "premiumIndex: field 'symbol' is not a symbol";
                    return false;
                }

                body.Symbol = JsonText.Get(ref reader);
            }
            else if (name.SequenceEqual("markPrice"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    error = "premiumIndex: field 'markPrice' is not a decimal";
                    return false;
                }

                markPrice = value;
            }
            else if (name.SequenceEqual("indexPrice"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out body.IndexPrice))
                {
                    error = "premiumIndex: field 'indexPrice' is not a decimal";
                    return false;
                }
            }
            else if (name.SequenceEqual("lastFundingRate"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out body.FundingRate))
                {
                    error = "premiumIndex: field 'lastFundingRate' is not a decimal";
                    return false;
                }

                hasFundingRate = true;
            }
            else if (name.SequenceEqual("nextFundingTime"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var time))
                {
                    error = "premiumIndex: field 'nextFundingTime' is not an integer";
                    return false;
                }

                nextFundingTime = time;
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var time))
                {
                    error = "premiumIndex: field 'time' is not an integer";
                    return false;
                }

                body.Time = time;
            }
            else
            {
                reader.Skip();
            }
        }

        error = body.Symbol.IsEmpty ? "premiumIndex: missing field 'symbol'"
            : markPrice is null ? "premiumIndex: missing field 'markPrice'"
            : !hasFundingRate ? "premiumIndex: missing field 'lastFundingRate'"
            : null;
        body.MarkPrice = markPrice ?? 0;
        body.NextFundingTime = nextFundingTime ?? 0;
        return error is null;
    }
}
