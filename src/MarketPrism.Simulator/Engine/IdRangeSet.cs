namespace MarketPrism.Simulator.Engine;

/// <summary>
/// The ids generated on one stream, kept as runs of consecutive ids: trade ids grow by one, so a long replay
/// costs a handful of runs instead of one entry per trade. Not thread-safe; callers lock.
/// </summary>
internal sealed class IdRangeSet
{
    private readonly List<IdRange> _runs = [];

    /// <summary>Number of ids added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds an id; ids are expected in increasing order, an out-of-order id starts a new run.</summary>
    public void Add(long id)
    {
        Count++;
        if (_runs.Count > 0)
        {
            var last = _runs[^1];
            if (id == last.Last + 1)
            {
                _runs[^1] = last with { Last = id };
                return;
            }
        }

        _runs.Add(new IdRange(id, id));
    }

    public IdRange[] ToArray() => [.. _runs];
}
