using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Encodes records as JSON lines (the <see cref="RecordJsonWriter"/> form plus <c>\n</c>) into one reused buffer,
/// with microsecond timestamps so journals and jsonl files keep everything the Parquet store keeps.
/// One instance serves all line files of a sink; it is not thread-safe.
/// </summary>
internal sealed class RecordLineEncoder : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public RecordLineEncoder()
    {
        // RecordJsonWriter writes well-formed objects by construction; checking every token again costs ~10% here.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The line for <paramref name="record"/>, valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(MarketRecord record)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        RecordJsonWriter.Write(_json, record, TimestampPrecision.Microseconds);
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        return _buffer.WrittenSpan;
    }

    public void Dispose() => _json.Dispose();
}
