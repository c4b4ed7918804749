using MarketPrism.Core.Model;
using Microsoft.Extensions.Logging;
using static MarketPrism.Tests.Sinks.FileStore.SampleRecords;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>The disk misbehaves: the sink says so, loses nothing it accepted, and keeps going.</summary>
public sealed class FileStoreSinkFailureTests : IDisposable
{
    private readonly StoreHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_batch_whose_file_cannot_be_created_is_refused_and_can_be_retried()
    {
        await using var sink = await _harness.StartSinkAsync();
        Directory.CreateDirectory(_harness.PathOf("binance/spot"));
        await File.WriteAllTextAsync(_harness.PathOf("binance/spot/trade"), "in the way", CancellationToken.None);

        await Assert.ThrowsAnyAsync<IOException>(async () => await sink.WriteAsync([Trade(1)], CancellationToken.None));
        Assert.Equal(0, sink.Statistics.RecordsWritten);

        File.Delete(_harness.PathOf("binance/spot/trade"));
        await sink.WriteAsync([Trade(1)], CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(1, ((TradeRecord)Assert.Single(await _harness.ReadAsync())).TradeId.Number);
    }

    [Fact]
    public async Task A_file_that_cannot_be_finished_is_reported_and_later_writes_go_on()
    {
        await using var sink = await _harness.StartSinkAsync();
        await sink.WriteAsync([Trade(1)], CancellationToken.None);
        Directory.Delete(_harness.PathOf("binance/spot/trade/date=2024-03-09"), recursive: true);

        var error = await Assert.ThrowsAsync<IOException>(async () => await sink.FlushAsync(CancellationToken.None));
        Assert.Contains("1 file(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sink.Statistics.FilesFailed);
        Assert.Contains(_harness.Log.At(LogLevel.Error), line => line.Message.StartsWith("Could not finish", StringComparison.Ordinal));

        await sink.WriteAsync([Trade(2)], CancellationToken.None);
        await sink.FlushAsync(CancellationToken.None);
        Assert.Equal(2, ((TradeRecord)Assert.Single(await _harness.ReadAsync())).TradeId.Number);
    }
}
