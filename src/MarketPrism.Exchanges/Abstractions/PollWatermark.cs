using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// Remembers the newest timestamp a poll has handed on, so a statistic published per period (a long/short ratio of a
/// 5-minute period) polled twice in one period becomes one record, not two. One instance per poll; polls of one job
/// run one after another, but the lock keeps it safe if they ever overlap.
/// </summary>
public sealed class PollWatermark
{
    private readonly Lock _gate = new();
    private DateTime _newest;

    /// <summary>Appends the records of <paramref name="polled"/> newer than any handed on before, oldest first.</summary>
    public void AddNewer<TRecord>(IReadOnlyList<TRecord> polled, List<MarketRecord> output)
        where TRecord : MarketRecord
    {
        ArgumentNullException.ThrowIfNull(polled);
        ArgumentNullException.ThrowIfNull(output);
        lock (_gate)
        {
            var start = output.Count;
            var newest = _newest;
            foreach (var record in polled)
            {
                if (record.Timestamp > _newest)
                {
                    output.Add(record);
                    newest = record.Timestamp > newest ? record.Timestamp : newest;
                }
            }

            // Venues list periods newest first (OKX) or oldest first (Binance): the store gets them in time order.
            output.Sort(start, output.Count - start, Comparer<MarketRecord>.Create(static (a, b) => a.Timestamp.CompareTo(b.Timestamp)));
            _newest = newest;
        }
    }
}
