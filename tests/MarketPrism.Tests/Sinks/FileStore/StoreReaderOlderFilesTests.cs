using MarketPrism.Core.Model;
using Parquet;
using Parquet.Schema;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>Files an earlier MarketPrism wrote, before a column was added, stay readable.</summary>
public sealed class StoreReaderOlderFilesTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_trades_file_from_before_transaction_hash_reads_back_with_no_hash()
    {
        var hashed = new TradeRecord
        {
            Instrument = BinanceSpot, Timestamp = Time, LocalTimestamp = Time.AddTicks(10),
            TradeId = new RecordId(7), Price = 1.5m, Quantity = 2, Side = Side.Buy, TransactionHash = "0xab12",
        };
        await using (var sink = await _harness.StartSinkAsync())
        {
            await sink.WriteAsync([hashed], CancellationToken.None);
        }

        var path = Assert.Single(_harness.Reader().ListFiles());
        var current = (TradeRecord)Assert.Single(await _harness.Reader().ReadAllAsync(cancellationToken: CancellationToken.None));
        Assert.Equal("0xab12", current.TransactionHash);

        await RewriteWithoutAsync(path, "transaction_hash");
        var older = (TradeRecord)Assert.Single(await _harness.Reader().ReadAllAsync(cancellationToken: CancellationToken.None));

        Assert.Null(older.TransactionHash);
        Assert.Equal((hashed.TradeId, hashed.Price, hashed.Quantity, hashed.Side, hashed.Timestamp), (older.TradeId, older.Price, older.Quantity, older.Side, older.Timestamp));
    }

    /// <summary>
    /// Writes the file again as an earlier release did: the same columns, values and metadata but
    /// <paramref name="column"/>. A trades file has only flat non-null string, time and decimal columns besides it.
    /// </summary>
    private static async Task RewriteWithoutAsync(string path, string column)
    {
        var copies = new List<Func<ParquetRowGroupWriter, Task>>();
        ParquetSchema schema;
        Dictionary<string, string> metadata;
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            Assert.Equal(1, reader.RowGroupCount);
            metadata = new Dictionary<string, string>(reader.CustomMetadata);
            var kept = reader.Schema.GetDataFields().Where(field => field.Name != column).ToArray();
            Assert.Equal(reader.Schema.GetDataFields().Length - 1, kept.Length);
            schema = new ParquetSchema(kept);
            using var rowGroup = reader.OpenRowGroupReader(0);
            var rows = (int)rowGroup.RowCount;
            foreach (var field in kept)
            {
                Assert.False(field.IsNullable, field.Name);
                if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    var values = new string?[rows];
                    await rowGroup.ReadAsync(field, values.AsMemory()!);
                    var text = values.Select(value => value!.AsMemory()).ToArray();
                    copies.Add(writer => writer.WriteAsync<ReadOnlyMemory<char>>(field, text));
                }
                else if (field.ClrType == typeof(DateTime))
                {
                    var values = new DateTime[rows];
                    await rowGroup.ReadAsync<DateTime>(field, values.AsMemory());
                    copies.Add(writer => writer.WriteAsync<DateTime>(field, values));
                }
                else
                {
                    Assert.Equal(typeof(decimal), field.ClrType);
                    var values = new decimal[rows];
                    await rowGroup.ReadAsync<decimal>(field, values.AsMemory());
                    copies.Add(writer => writer.WriteAsync<decimal>(field, values));
                }
            }
        }

        await using var output = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, output);
        writer.CustomMetadata = metadata;
        using var group = writer.CreateRowGroup();
        foreach (var copy in copies)
        {
            await copy(group);
        }
    }
}
