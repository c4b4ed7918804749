using BenchmarkDotNet.Attributes;
using MarketPrism.Benchmarks.Parsing;
using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.FileStore;
using Parquet;

namespace MarketPrism.Benchmarks.Sinks;

/// <summary>
/// What a sink spends per record on the real recorded USD-M records: the Parquet store's column buffers plus one
/// Snappy-compressed row group (<see cref="Parquet"/>, written to memory, so no disk in the figure), and the JSON line
/// form used by the jsonl store and the journal beside every Parquet file (<see cref="JsonLine"/>), and the same line
/// through the JSON writer the message-bus sinks use (<see cref="JsonWriterLine"/>). Parquet's figure repeats the same
/// few thousand records, so the store's cache of unscaled decimals hits more often than it does on a live market.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class SinkEncodingBenchmarks : IDisposable
{
    private const int RecordsPerInvoke = 4096;

    private readonly MemoryStream _file = new();
    private readonly ParquetWriteScratch _scratch = new();
    private MarketRecord[] _records = [];
    private ParquetTable _table = null!;
    private RecordLineEncoder _lines = null!;
    private ArrayBufferWriter<byte> _jsonBuffer = null!;
    private Utf8JsonWriter _json = null!;

    [Params(DataType.Trade, DataType.BookDelta, DataType.BestBidAsk)]
    public DataType Type { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var set = Type switch
        {
            DataType.Trade => FrameSets.Get("binance-usdm/aggTrade"),
            DataType.BookDelta => FrameSets.Get("binance-usdm/depthUpdate"),
            _ => FrameSets.Get("binance-usdm/bookTicker"),
        };
        _records = [.. ParsedRecords.Of(set, Type)];
        _table = ParquetTable.Create(Type);
        _lines = new RecordLineEncoder();
        _jsonBuffer = new ArrayBufferWriter<byte>(1024);
        _json = new Utf8JsonWriter(_jsonBuffer, new JsonWriterOptions { SkipValidation = true });
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _lines?.Dispose();
        _json?.Dispose();
        _file.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Buffer the rows, then write them as one row group of a file in memory (footer included).</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public async Task<long> Parquet()
    {
        _file.SetLength(0);
        _table.Truncate(0);
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            _table.TryAppend(_records[i % _records.Length]);
        }

        await using (var writer = await ParquetWriter.CreateAsync(_table.Schema, _file, ParquetFileWriter.Options, append: false))
        {
            await _table.WriteRowGroupAsync(writer, RecordsPerInvoke, _scratch, CancellationToken.None);
        }

        return _file.Length;
    }

    /// <summary>One JSON line per record (microsecond timestamps), as the journal and the jsonl store write it.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public long JsonLine()
    {
        long bytes = 0;
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            bytes += _lines.Encode(_records[i % _records.Length]).Length;
        }

        return bytes;
    }

    /// <summary>
    /// The same line through <see cref="Utf8JsonWriter"/> and <see cref="RecordJsonWriter"/>: how the journal was
    /// written before <see cref="RecordLineEncoder"/> formatted it directly (same bytes), and how the message-bus sinks
    /// write a record.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public long JsonWriterLine()
    {
        long bytes = 0;
        for (var i = 0; i < RecordsPerInvoke; i++)
        {
            _jsonBuffer.ResetWrittenCount();
            _json.Reset(_jsonBuffer);
            RecordJsonWriter.Write(_json, _records[i % _records.Length], TimestampPrecision.Microseconds);
            _json.Flush();
            bytes += _jsonBuffer.WrittenCount + 1;
        }

        return bytes;
    }
}
