using System.Text;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// Parses OKX v5 REST bodies, <c>{"code":"0","msg":"","data":[…]}</c>: the funding rate and open interest polls (the
/// elements have the WebSocket pushes' shape, so the frame parser's readers are reused), the rubik long/short
/// ratios, and the order book that seeds a book when the stream sends no snapshot. A body whose <c>code</c> is not <c>"0"</c> is OKX's error and throws <see cref="FormatException"/> naming
/// code and message.
/// </summary>
public sealed class OkxRestParser
{
    private readonly OkxFrameParser _elements;

    public OkxRestParser(InstrumentTable instruments) => _elements = new OkxFrameParser(instruments);

    /// <summary><c>GET /api/v5/public/funding-rate?instId=</c>: one funding record per element.</summary>
    public IReadOnlyList<FundingRateRecord> ParseFundingRate(ReadOnlySpan<byte> body, DateTime local)
    {
        try
        {
            return ReadFundingRate(body, local);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"funding-rate: invalid JSON: {ex.Message}", ex);
        }
    }

    private List<FundingRateRecord> ReadFundingRate(ReadOnlySpan<byte> body, DateTime local)
    {
        var records = new List<FundingRateRecord>(1);
        var reader = OpenData(body, "funding-rate");
        while (NextElement(ref reader, "funding-rate"))
        {
            if (!_elements.TryReadFundingRate(ref reader, default, local, out var record, out var failure))
            {
                throw new FormatException($"funding-rate: {failure.Error}");
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>
    /// <c>GET /api/v5/public/open-interest?instType=&amp;instId=</c>: one record per element, valued by <c>oiUsd</c>, or
    /// <c>oiCcy</c> x <paramref name="markPrice"/> when OKX sends no <c>oiUsd</c>.
    /// </summary>
    public IReadOnlyList<OpenInterestRecord> ParseOpenInterest(ReadOnlySpan<byte> body, decimal? markPrice, DateTime local)
    {
        try
        {
            return ReadOpenInterest(body, markPrice, local);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"open-interest: invalid JSON: {ex.Message}", ex);
        }
    }

    private List<OpenInterestRecord> ReadOpenInterest(ReadOnlySpan<byte> body, decimal? markPrice, DateTime local)
    {
        var records = new List<OpenInterestRecord>(1);
        var reader = OpenData(body, "open-interest");
        while (NextElement(ref reader, "open-interest"))
        {
            if (!_elements.TryReadOpenInterest(ref reader, default, local, markPrice, out var record, out var failure))
            {
                throw new FormatException($"open-interest: {failure.Error}");
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>
    /// The rubik contract long/short ratios (<c>/api/v5/rubik/stat/contracts/long-short-account-ratio-contract</c> and
    /// the <c>-top-trader</c> account and position variants): <c>data</c> is an array of <c>[ts, ratio]</c> string
    /// pairs, newest first (OKX docs: "The data returned will be arranged in an array like this: [ts,
    /// longShortPosRatio]"). OKX gives only the ratio, so <c>long_ratio</c> and <c>short_ratio</c> stay null.
    /// </summary>
    public static IReadOnlyList<LongShortRatioRecord> ParseLongShortRatio(
        ReadOnlySpan<byte> body, Instrument instrument, LongShortRatioKind kind, string period, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(period);
        try
        {
            return ReadLongShortRatio(body, instrument, kind, period, local);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"long-short-ratio: invalid JSON: {ex.Message}", ex);
        }
    }

    private static List<LongShortRatioRecord> ReadLongShortRatio(
        ReadOnlySpan<byte> body, Instrument instrument, LongShortRatioKind kind, string period, DateTime local)
    {
        var records = new List<LongShortRatioRecord>(1);
        var reader = OpenData(body, "long-short-ratio");
        while (true)
        {
            if (!reader.Read())
            {
                throw new FormatException("long-short-ratio: 'data' is truncated");
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || !UnixMilliseconds.TryRead(ref reader, out var time))
            {
                throw new FormatException("long-short-ratio: an entry is not [ts, ratio] with a millisecond ts");
            }

            if (!reader.Read() || !JsonScalars.TryReadDecimal(ref reader, out var ratio))
            {
                throw new FormatException("long-short-ratio: an entry has no decimal ratio");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            records.Add(new LongShortRatioRecord
            {
                Instrument = instrument,
                Timestamp = time,
                LocalTimestamp = local,
                Kind = kind,
                LongShortRatio = ratio,
                Period = period,
            });
        }

        return records;
    }

    /// <summary>
    /// <c>GET /api/v5/market/books</c>: <c>data</c> holds one object
    /// <c>{"asks":[["px","sz","0","orders"],…],"bids":[…],"ts":"ms","seqId":n}</c>, asks ascending and bids descending
    /// (best first). <c>seqId</c> is the place in the <c>books</c> stream's sequence the book reflects, without which it
    /// cannot be bridged to the stream: a body without it (or without <c>ts</c>, or with anything but exactly one book)
    /// throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static DepthSnapshot ParseBooks(ReadOnlySpan<byte> body, DateTime local)
    {
        try
        {
            return ReadBooks(body, local);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"books: invalid JSON: {ex.Message}", ex);
        }
    }

    private static DepthSnapshot ReadBooks(ReadOnlySpan<byte> body, DateTime local)
    {
        const string endpoint = "books";
        var reader = OpenData(body, endpoint);
        if (!NextElement(ref reader, endpoint))
        {
            throw new FormatException("books: 'data' holds no book");
        }

        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        long? time = null;
        long? seqId = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("asks"u8) || name.SequenceEqual("bids"u8))
            {
                var isAsks = name[0] == (byte)'a';
                if (!OkxJson.TryReadLevels(ref reader, out var levels, out var error))
                {
                    throw new FormatException($"books: field '{(isAsks ? "asks" : "bids")}' {error}");
                }

                if (isAsks)
                {
                    asks = levels;
                }
                else
                {
                    bids = levels;
                }
            }
            else if (name.SequenceEqual("ts"u8))
            {
                time = JsonScalars.TryReadInt64(ref reader, out var parsed) ? parsed : throw new FormatException("books: field 'ts' is not a millisecond time");
            }
            else if (name.SequenceEqual("seqId"u8))
            {
                seqId = JsonScalars.TryReadInt64(ref reader, out var parsed) && parsed >= 0
                    ? parsed
                    : throw new FormatException("books: field 'seqId' is not a non-negative integer");
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            throw new FormatException("books: the body is truncated");
        }

        if (NextElement(ref reader, endpoint))
        {
            throw new FormatException("books: 'data' holds more than one book");
        }

        if (asks is null || bids is null)
        {
            throw new FormatException($"books: field '{(asks is null ? "asks" : "bids")}' is missing");
        }

        if (time is null || !UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            throw new FormatException(time is null ? "books: field 'ts' is missing" : "books: field 'ts' is not a valid time");
        }

        if (seqId is null)
        {
            throw new FormatException("books: field 'seqId' is missing, so the book cannot be bridged to the stream");
        }

        return new DepthSnapshot(seqId.Value, bids, asks, timestamp, local);
    }

    /// <summary>Reads OKX's error body (<c>{"code":"51001","msg":"Instrument ID does not exist",…}</c>); null when it is not one.</summary>
    public static string? DescribeError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? code = null;
            string? message = null;
            while (JsonProperties.Next(ref reader, out var name) == PropertyStep.Value)
            {
                if (name.SequenceEqual("code"u8) && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    code = Encoding.UTF8.GetString(JsonText.Get(ref reader));
                }
                else if (name.SequenceEqual("msg"u8) && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return code is null || code == "0" ? null : $"OKX error {code}: {message}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Checks <c>code</c> and returns a reader on <c>data</c>'s opening bracket.</summary>
    private static Utf8JsonReader OpenData(ReadOnlySpan<byte> body, string endpoint)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException($"{endpoint}: the body is not a JSON object");
            }

            string? code = null;
            var data = default(Utf8JsonReader);
            var hasData = false;
            while (true)
            {
                var step = JsonProperties.Next(ref reader, out var name);
                if (step == PropertyStep.End)
                {
                    break;
                }

                if (step == PropertyStep.Truncated)
                {
                    throw new FormatException($"{endpoint}: the body is truncated");
                }

                if (name.SequenceEqual("code"u8) && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    code = Encoding.UTF8.GetString(JsonText.Get(ref reader));
                }
                else if (name.SequenceEqual("data"u8))
                {
                    data = reader;
                    hasData = reader.TokenType == JsonTokenType.StartArray;
                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (code != "0")
            {
                throw new FormatException($"{endpoint}: {DescribeError(body) ?? "the body has no code \"0\""}");
            }

            return hasData ? data : throw new FormatException($"{endpoint}: the body has no 'data' array");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{endpoint}: invalid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Moves to the next element object of <c>data</c>; false at its end.</summary>
    private static bool NextElement(ref Utf8JsonReader reader, string endpoint)
    {
        try
        {
            if (!reader.Read())
            {
                throw new FormatException($"{endpoint}: 'data' is truncated");
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return false;
            }

            return reader.TokenType == JsonTokenType.StartObject
                ? true
                : throw new FormatException($"{endpoint}: 'data' holds a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{endpoint}: invalid JSON: {ex.Message}", ex);
        }
    }
}
