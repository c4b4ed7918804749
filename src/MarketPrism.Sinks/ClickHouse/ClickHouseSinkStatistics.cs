namespace MarketPrism.Sinks.ClickHouse;

/// <summary>Running totals of the ClickHouse sink, safe to read from any thread.</summary>
public sealed class ClickHouseSinkStatistics
{
    private long _inserted;
    private long _unrepresentable;

    /// <summary>Rows sent in inserts the server accepted (a retried batch counts again).</summary>
    public long Inserted => Interlocked.Read(ref _inserted);

    /// <summary>Records kept whole as JSON in <see cref="ClickHouseTables.Unrepresentable"/>.</summary>
    public long Unrepresentable => Interlocked.Read(ref _unrepresentable);

    internal void AddInserted(long rows) => Interlocked.Add(ref _inserted, rows);

    internal void AddUnrepresentable(long records) => Interlocked.Add(ref _unrepresentable, records);
}
