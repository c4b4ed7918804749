using System.Collections.Concurrent;

namespace MarketPrism.Sinks.ClickHouse;

/// <summary>Running totals of the ClickHouse sink, safe to read from any thread.</summary>
public sealed class ClickHouseSinkStatistics
{
    private readonly ConcurrentDictionary<string, TableCounters> _tables = new(StringComparer.Ordinal);
    private long _inserted;
    private long _unrepresentable;

    internal ClickHouseSinkStatistics()
    {
        foreach (var table in ClickHouseTables.All)
        {
            _tables[table] = new TableCounters();
        }
    }

    /// <summary>Rows sent in inserts the server accepted (a retried batch counts again).</summary>
    public long Inserted => Interlocked.Read(ref _inserted);

    /// <summary>Records kept whole as JSON in <see cref="ClickHouseTables.Unrepresentable"/>.</summary>
    public long Unrepresentable => Interlocked.Read(ref _unrepresentable);

    /// <summary>Rows written to dead-letter files by this process, over all tables.</summary>
    public long DeadLettered => _tables.Values.Sum(table => Interlocked.Read(ref table.DeadLettered));

    /// <summary>Rows of <paramref name="table"/> written to dead-letter files by this process.</summary>
    public long DeadLetteredOf(string table) => Interlocked.Read(ref _tables[table].DeadLettered);

    /// <summary>INSERT statements into <paramref name="table"/> the server accepted (a retried batch counts again).</summary>
    public long InsertsOf(string table) => Interlocked.Read(ref _tables[table].Inserts);

    /// <summary>Rows of <paramref name="table"/> ClickHouse refused and the full dead-letter directory could not keep (lost for ClickHouse).</summary>
    public long DeadLetterDroppedOf(string table) => Interlocked.Read(ref _tables[table].DeadLetterDropped);

    /// <summary>False while <paramref name="table"/> does not match the schema or its last insert was refused for good.</summary>
    public bool IsTableUp(string table) => Volatile.Read(ref _tables[table].Up);

    internal void AddInsert(string table, long rows)
    {
        Interlocked.Increment(ref _tables[table].Inserts);
        Interlocked.Add(ref _inserted, rows);
    }

    internal void AddUnrepresentable(long records) => Interlocked.Add(ref _unrepresentable, records);

    internal void AddDeadLettered(string table, long rows) => Interlocked.Add(ref _tables[table].DeadLettered, rows);

    internal void AddDeadLetterDropped(string table, long rows) => Interlocked.Add(ref _tables[table].DeadLetterDropped, rows);

    internal void SetTableUp(string table, bool up) => Volatile.Write(ref _tables[table].Up, up);

    private sealed class TableCounters
    {
        public long DeadLettered;
        public long Inserts;
        public long DeadLetterDropped;
        public bool Up = true;
    }
}
