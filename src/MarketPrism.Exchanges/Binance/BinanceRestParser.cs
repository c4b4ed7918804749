using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Binance;

/// <summary>
/// Parses the Binance REST bodies the collector requests, in place over the UTF-8 bytes. Every method returns the
/// value, or the <see cref="BinanceApiError"/> when Binance answered <c>{"code":…,"msg":…}</c>, and throws
/// <see cref="FormatException"/> naming the problem when the body is neither (not JSON, truncated, a field missing or
/// of the wrong type) — an HTML page from a proxy, for example.
/// </summary>
public static class BinanceRestParser
{
    /// <summary>
    /// A depth snapshot: spot <c>/api/v3/depth</c> <c>{"lastUpdateId","bids","asks"}</c>, USDⓈ-M <c>/fapi/v1/depth</c>
    /// (adds <c>E</c>, <c>T</c>) or COIN-M <c>/dapi/v1/depth</c> (adds <c>symbol</c>, <c>pair</c>). The timestamp is
    /// <c>E</c> when present, the same event-time clock the depth stream is stamped with; spot sends no time, so the
    /// receive time stands in.
    /// </summary>
    public static BinanceRestResult<DepthSnapshot> ParseDepthSnapshot(ReadOnlySpan<byte> body, DateTime localTimestamp)
    {
        if (TryParseError(body, out var apiError))
        {
            return new BinanceRestResult<DepthSnapshot>(apiError);
        }

        try
        {
            var reader = StartObject(body, "depth");
            if (!BinanceBodies.TryReadDepth(ref reader, out var depth, out var error))
            {
                throw new FormatException(error);
            }

            EnsureEnd(ref reader, "depth");
            var timestamp = localTimestamp;
            if (depth.EventTime is { } time && !UnixMilliseconds.TryToUtc(time, out timestamp))
            {
                throw new FormatException("depth: field 'E' is not a valid time");
            }

            return new BinanceRestResult<DepthSnapshot>(
                new DepthSnapshot(depth.LastUpdateId, depth.Bids, depth.Asks, timestamp, localTimestamp));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"depth: invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// <c>/fapi/v1/premiumIndex</c> (one object with <c>?symbol=</c>, an array without) as one
    /// <see cref="FundingRateRecord"/> per perpetual: <c>lastFundingRate</c> is the funding rate, <c>nextFundingTime</c>
    /// the next funding time, <c>markPrice</c>/<c>indexPrice</c> the prices, <c>time</c> the timestamp. Binance has one
    /// published rate (the one applied at <c>nextFundingTime</c>), so the estimated rate is null. Dated contracts, which
    /// do not fund (empty <c>lastFundingRate</c>, <c>nextFundingTime</c> 0), give no record.
    /// </summary>
    /// <param name="unresolvedSymbols">When given, receives the symbols the table could not normalize (they are skipped).</param>
    public static BinanceRestResult<IReadOnlyList<FundingRateRecord>> ParsePremiumIndex(
        ReadOnlySpan<byte> body,
        InstrumentTable instruments,
        DateTime localTimestamp,
        ICollection<string>? unresolvedSymbols = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        if (TryParseError(body, out var apiError))
        {
            return new BinanceRestResult<IReadOnlyList<FundingRateRecord>>(apiError);
        }

        var records = new List<FundingRateRecord>();
        try
        {
            EnsureNotEmpty(body, "premiumIndex");
            var reader = new Utf8JsonReader(body);
            reader.Read();

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ReadPremiumIndexEntry(ref reader, instruments, localTimestamp, records, unresolvedSymbols);
                }
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadPremiumIndexEntry(ref reader, instruments, localTimestamp, records, unresolvedSymbols);
            }
            else
            {
                throw new FormatException("premiumIndex: body is neither an object nor an array");
            }

            EnsureEnd(ref reader, "premiumIndex");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"premiumIndex: invalid JSON: {ex.Message}", ex);
        }

        return new BinanceRestResult<IReadOnlyList<FundingRateRecord>>(records);
    }

    /// <summary>
    /// <c>/fapi/v1/openInterest</c> (or <c>/dapi/v1/openInterest</c>) <c>{"openInterest","symbol","time"}</c>. The
    /// value is open interest × <paramref name="markPrice"/> for linear contracts (open interest is in base units);
    /// null when no mark price is known, and null for COIN-M inverse contracts, whose open interest counts contracts
    /// of a fixed USD face value, so multiplying by a price means nothing.
    /// </summary>
    public static BinanceRestResult<OpenInterestRecord> ParseOpenInterest(
        ReadOnlySpan<byte> body,
        InstrumentTable instruments,
        decimal? markPrice,
        DateTime localTimestamp)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        if (TryParseError(body, out var apiError))
        {
            return new BinanceRestResult<OpenInterestRecord>(apiError);
        }

        try
        {
            var reader = StartObject(body, "openInterest");
            if (!BinanceBodies.TryReadOpenInterest(ref reader, out var openInterest, out var error))
            {
                throw new FormatException(error);
            }

            EnsureEnd(ref reader, "openInterest");
            if (openInterest.Symbol.IsEmpty)
            {
                throw new FormatException("openInterest: missing field 'symbol'");
            }

            var instrument = Resolve(instruments, openInterest.Symbol, "openInterest");
            var timestamp = localTimestamp;
            if (openInterest.Time is { } time && !UnixMilliseconds.TryToUtc(time, out timestamp))
            {
                throw new FormatException("openInterest: field 'time' is not a valid time");
            }

            decimal? value = null;
            if (markPrice is { } mark && instrument.Contract != ContractKind.Inverse)
            {
                try
                {
                    value = openInterest.OpenInterest * mark;
                }
                catch (OverflowException ex)
                {
                    throw new FormatException("openInterest: open interest × mark price overflows a decimal", ex);
                }
            }

            return new BinanceRestResult<OpenInterestRecord>(new OpenInterestRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = localTimestamp,
                OpenInterest = openInterest.OpenInterest,
                OpenInterestValue = value,
            });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"openInterest: invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The USD-M long/short ratio endpoints under <c>/futures/data/</c> (<c>topLongShortPositionRatio</c>,
    /// <c>topLongShortAccountRatio</c>, <c>globalLongShortAccountRatio</c>): an array, oldest first, of
    /// <c>{"symbol","longShortRatio","longAccount","shortAccount","timestamp"}</c>, all strings in the docs' examples
    /// (the timestamp a number in some); the position endpoint reuses the <c>longAccount</c>/<c>shortAccount</c> names
    /// for the shares of long and short positions. <c>timestamp</c> is the start of the period.
    /// </summary>
    /// <param name="period">The period requested (the body does not repeat it), e.g. <c>5m</c>.</param>
    public static BinanceRestResult<IReadOnlyList<LongShortRatioRecord>> ParseLongShortRatio(
        ReadOnlySpan<byte> body,
        InstrumentTable instruments,
        LongShortRatioKind kind,
        string period,
        DateTime localTimestamp)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(period);
        if (TryParseError(body, out var apiError))
        {
            return new BinanceRestResult<IReadOnlyList<LongShortRatioRecord>>(apiError);
        }

        var records = new List<LongShortRatioRecord>();
        try
        {
            EnsureNotEmpty(body, "longShortRatio");
            var reader = new Utf8JsonReader(body);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException("longShortRatio: body is not an array");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                records.Add(ReadLongShortRatioEntry(ref reader, instruments, kind, period, localTimestamp));
            }

            EnsureEnd(ref reader, "longShortRatio");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"longShortRatio: invalid JSON: {ex.Message}", ex);
        }

        return new BinanceRestResult<IReadOnlyList<LongShortRatioRecord>>(records);
    }

    private static LongShortRatioRecord ReadLongShortRatioEntry(
        scoped ref Utf8JsonReader reader, InstrumentTable instruments, LongShortRatioKind kind, string period, DateTime localTimestamp)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("longShortRatio: an entry is not an object");
        }

        ReadOnlySpan<byte> symbol = default;
        decimal? ratio = null;
        decimal? longShare = null;
        decimal? shortShare = null;
        long? time = null;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                throw new FormatException("longShortRatio: body is truncated");
            }

            if (name.SequenceEqual("symbol"u8) && reader.TokenType == JsonTokenType.String)
            {
                symbol = JsonText.Get(ref reader);
            }
            else if (name.SequenceEqual("longShortRatio"u8))
            {
                ratio = JsonScalars.TryReadDecimal(ref reader, out var parsed) ? parsed : throw new FormatException("longShortRatio: field 'longShortRatio' is not a decimal");
            }
            else if (name.SequenceEqual("longAccount"u8) || name.SequenceEqual("longPosition"u8))
            {
                longShare = JsonScalars.TryReadDecimal(ref reader, out var parsed) ? parsed : throw new FormatException("longShortRatio: the long share is not a decimal");
            }
            else if (name.SequenceEqual("shortAccount"u8) || name.SequenceEqual("shortPosition"u8))
            {
                shortShare = JsonScalars.TryReadDecimal(ref reader, out var parsed) ? parsed : throw new FormatException("longShortRatio: the short share is not a decimal");
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                time = JsonScalars.TryReadInt64(ref reader, out var parsed) ? parsed : throw new FormatException("longShortRatio: field 'timestamp' is not an integer time");
            }
            else
            {
                reader.Skip();
            }
        }

        if (symbol.IsEmpty)
        {
            throw new FormatException("longShortRatio: missing field 'symbol'");
        }

        if (ratio is null)
        {
            throw new FormatException("longShortRatio: missing field 'longShortRatio'");
        }

        if (time is null || !UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            throw new FormatException("longShortRatio: missing or invalid field 'timestamp'");
        }

        return new LongShortRatioRecord
        {
            Instrument = Resolve(instruments, symbol, "longShortRatio"),
            Timestamp = timestamp,
            LocalTimestamp = localTimestamp,
            Kind = kind,
            LongRatio = longShare,
            ShortRatio = shortShare,
            LongShortRatio = ratio.Value,
            Period = period,
        };
    }

    /// <summary>
    /// True when <paramref name="body"/> is Binance's error object <c>{"code":…,"msg":…}</c>. Any other body,
    /// including one that is not JSON, is not an error body (the data parsers report it).
    /// </summary>
    public static bool TryParseError(ReadOnlySpan<byte> body, [NotNullWhen(true)] out BinanceApiError? error)
    {
        if (!RestErrorBody.TryRead(body, "code"u8, "msg"u8, out var code, out var message) || code is null || message is null)
        {
            error = null;
            return false;
        }

        error = new BinanceApiError(code.Value, message);
        return true;
    }

    private static void ReadPremiumIndexEntry(
        scoped ref Utf8JsonReader reader,
        InstrumentTable instruments,
        DateTime localTimestamp,
        List<FundingRateRecord> records,
        ICollection<string>? unresolvedSymbols)
    {
        if (!BinanceBodies.TryReadPremiumIndex(ref reader, out var entry, out var error))
        {
            throw new FormatException(error);
        }

        if (!instruments.TryGet(entry.Symbol, out var instrument))
        {
            unresolvedSymbols?.Add(Encoding.UTF8.GetString(entry.Symbol));
            return;
        }

        if (entry.FundingRate is not { } rate || instrument.MarketType != MarketType.Perpetual)
        {
            return;
        }

        var timestamp = localTimestamp;
        if (entry.Time is { } time && !UnixMilliseconds.TryToUtc(time, out timestamp))
        {
            throw new FormatException("premiumIndex: field 'time' is not a valid time");
        }

        DateTime? nextFunding = null;
        if (entry.NextFundingTime != 0)
        {
            if (!UnixMilliseconds.TryToUtc(entry.NextFundingTime, out var next))
            {
                throw new FormatException("premiumIndex: field 'nextFundingTime' is not a valid time");
            }

            nextFunding = next;
        }

        records.Add(new FundingRateRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = localTimestamp,
            FundingRate = rate,
            EstimatedRate = null,
            NextFundingTime = nextFunding,
            MarkPrice = entry.MarkPrice,
            IndexPrice = entry.IndexPrice,
        });
    }

    private static Instrument Resolve(InstrumentTable instruments, ReadOnlySpan<byte> symbol, string what) =>
        instruments.TryGet(symbol, out var instrument)
            ? instrument
            : throw new FormatException($"{what}: unknown symbol '{Encoding.UTF8.GetString(symbol)}' cannot be normalized");

    private static Utf8JsonReader StartObject(ReadOnlySpan<byte> body, string what)
    {
        EnsureNotEmpty(body, what);
        var reader = new Utf8JsonReader(body);
        reader.Read();

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"{what}: body is not a JSON object");
        }

        return reader;
    }

    private static void EnsureNotEmpty(ReadOnlySpan<byte> body, string what)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new FormatException($"{what}: empty body");
        }
    }

    /// <summary>Rejects anything after the body's value (the reader throws for non-whitespace).</summary>
    private static void EnsureEnd(scoped ref Utf8JsonReader reader, string what)
    {
        if (reader.Read())
        {
            throw new FormatException($"{what}: unexpected data after the body");
        }
    }
}
