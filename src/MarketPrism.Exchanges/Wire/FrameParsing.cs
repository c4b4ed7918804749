using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Validation;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// The part of <see cref="IFrameParser.Parse"/> every venue shares: the contract to report a bad frame, never to throw,
/// and to leave nothing behind from a frame that failed half-way; and the opening of a frame that must be a JSON object.
/// </summary>
internal static class FrameParsing
{
    /// <summary>
    /// Runs <paramref name="parser"/> on <paramref name="frame"/>: a JSON or reader exception becomes a
    /// <see cref="FrameKind.Malformed"/> result, and records appended by a frame that is not data are removed. Every
    /// record of a data frame then passes <see cref="RecordValidator"/> (book sides put best first, impossible values
    /// rejected): one record that fails rejects the whole frame as malformed with the validator's reason, since the
    /// rest of a frame that carries an impossible value cannot be trusted either, and a book update must never be
    /// half-applied.
    /// </summary>
    public static FrameParseResult Parse<TParser>(TParser parser, ReadOnlySpan<byte> frame, DateTime localTimestamp, List<MarketRecord> output)
        where TParser : IFrameBodyParser
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = output.Count;
        FrameParseResult result;
        try
        {
            result = parser.ParseFrame(frame, localTimestamp, output);
        }
        catch (JsonException ex)
        {
            result = FrameParseResult.Malformed($"invalid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The readers report bad values without throwing; this is the safety net for input that reaches a reader
            // API in a state it rejects. The contract is to report, never to throw.
            result = FrameParseResult.Malformed($"unreadable frame: {ex.Message}");
        }

        if (result.Kind == FrameKind.Data && output.Count > start && CheckRecords(output, start) is { } impossible)
        {
            result = FrameParseResult.Malformed(impossible);
        }

        // Only a data frame keeps what it produced: a frame that failed half-way leaves nothing behind.
        if (result.Kind != FrameKind.Data && output.Count > start)
        {
            output.RemoveRange(start, output.Count - start);
        }

        return result;
    }

    /// <summary>The first record from <paramref name="start"/> on that <see cref="RecordValidator"/> rejects, described; null when all pass.</summary>
    public static string? CheckRecords(List<MarketRecord> records, int start)
    {
        for (var i = start; i < records.Count; i++)
        {
            if (RecordValidator.Check(records[i]) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>
    /// Opens a frame that must be one JSON object: on success the reader is on its opening brace. An empty (or
    /// all-whitespace) frame and any other JSON value are reported by name; invalid JSON throws
    /// <see cref="JsonException"/>, which <see cref="Parse"/> reports.
    /// </summary>
    public static bool TryOpenObject(ReadOnlySpan<byte> frame, out Utf8JsonReader reader, out FrameParseResult failure)
    {
        // All whitespace (or nothing): one scan that stops at the first other byte, usually the frame's first.
        if (frame.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            reader = default;
            failure = FrameParseResult.Malformed("empty frame");
            return false;
        }

        reader = new Utf8JsonReader(frame);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            failure = FrameParseResult.Malformed($"frame is a JSON {JsonTokenNames.Describe(reader.TokenType)}, not an object");
            return false;
        }

        failure = default;
        return true;
    }

    /// <summary>
    /// Moves <paramref name="reader"/>, standing on a value, past it, given <paramref name="parsed"/>: a copy of the
    /// reader that a parse of that value ran on. When the parse read the whole value, the reader continues where it
    /// ended; otherwise (it stopped early: an ignored channel, an error) the value is skipped.
    /// <para>
    /// Why: an envelope's payload is parsed where it stands once the fields that say how to read it have been seen,
    /// instead of being skipped and read again from a saved copy, which made every frame cost at least two passes over
    /// its largest part (the parse benchmarks' 2x bound).
    /// </para>
    /// </summary>
    public static void ContinueAfterValue(ref Utf8JsonReader reader, ref Utf8JsonReader parsed)
    {
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject
            && parsed.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject
            && parsed.CurrentDepth == reader.CurrentDepth
            && parsed.BytesConsumed > reader.BytesConsumed)
        {
            reader = parsed;
        }
        else
        {
            reader.Skip();
        }
    }
}
