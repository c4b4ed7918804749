namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Writes the row groups of all of a store's Parquet files off the batch-accepting path, one at a time.
/// <para>
/// Why: encoding a row group (decimals to unscaled integers, dictionaries, Snappy) costs most of the store's CPU,
/// and while the sink did it inside <c>WriteAsync</c> the batches behind it waited: latency grew to seconds at
/// every large row group, and the store used one core. Rows are journaled before a batch is accepted, so the row
/// group can be encoded later without risking a record; the sink hands the filled buffers of a partition here and
/// goes on accepting batches into the partition's other buffers (<see cref="ParquetTable.Spare"/>).
/// </para>
/// <para>
/// One row group is encoded at a time, so the encoding scratch arrays exist once per store, and a partition has at
/// most one row group in flight: a partition that fills its second buffers before the first are written waits
/// for them, which is the back-pressure that bounds the store's memory.
/// </para>
/// </summary>
internal sealed class RowGroupWriter : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ParquetWriteScratch Scratch { get; } = new();

    /// <summary>Starts writing <paramref name="write"/> on the thread pool once no other row group is being written.</summary>
    public Task Start(Func<ParquetWriteScratch, Task> write) => Task.Run(async () =>
    {
        await _gate.WaitAsync();
        try
        {
            await write(Scratch);
        }
        finally
        {
            _gate.Release();
        }
    });

    public void Dispose() => _gate.Dispose();
}
