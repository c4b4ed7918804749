namespace MarketPrism.Collector.Feeds;

/// <summary>
/// The last <see cref="Capacity"/> text ids seen for one instrument (Bybit's trade ids are UUIDs, which neither count
/// up nor compare), so a copy delivered again by an overlapping connection is recognized. Ids are kept as 64-bit
/// FNV-1a hashes of their characters: a few bytes each instead of the strings, and two different ids in one window
/// collide with odds of about one in 10^12. Event times (a funding observation handed on by the stream or by a REST
/// poll) are kept as their ticks. Touched only under the feed's gate.
/// </summary>
internal sealed class RecentIdWindow
{
    /// <summary>
    /// Ids remembered. A connection hand-over overlaps by about a second, and 4096 trades in a second on one
    /// instrument is above what the busiest markets print; a copy older than the window would pass as new.
    /// </summary>
    public const int Capacity = 4096;

    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private readonly int _capacity;
    private readonly HashSet<ulong> _seen;
    private readonly Queue<ulong> _order;

    /// <param name="capacity">Entries remembered; the oldest is forgotten when one more is added.</param>
    public RecentIdWindow(int capacity = Capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _seen = new HashSet<ulong>(capacity);
        _order = new Queue<ulong>(capacity);
    }

    /// <summary>Remembers <paramref name="id"/>; false when it is already in the window (a copy).</summary>
    public bool Add(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Add(Hash(id));
    }

    /// <summary>Remembers a numeric id that is unique but in no order (Hyperliquid's <c>tid</c>); false when it is already in the window.</summary>
    public bool Add(long id) => Add((ulong)id);

    /// <summary>Remembers an event time; false when it is already in the window (the same observation again).</summary>
    public bool Add(DateTime eventTime) => Add((ulong)eventTime.Ticks);

    private bool Add(ulong key)
    {
        if (!_seen.Add(key))
        {
            return false;
        }

        _order.Enqueue(key);
        if (_order.Count > _capacity)
        {
            _seen.Remove(_order.Dequeue());
        }

        return true;
    }

    private static ulong Hash(string text)
    {
        var hash = OffsetBasis;
        foreach (var c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }
}
