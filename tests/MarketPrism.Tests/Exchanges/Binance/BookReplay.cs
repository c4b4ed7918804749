using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>
/// Drives one <see cref="BookSynchronizer"/> per instrument the way the runtime does: updates in arrival order,
/// snapshots handed over when they arrive, the actions the synchronizers ask for counted.
/// </summary>
public sealed class BookReplay
{
    private readonly IBookSequenceRules _rules;
    private readonly BookOptions _options;

    public BookReplay(IBookSequenceRules rules, BookOptions? options = null)
    {
        _rules = rules;
        _options = options ?? new BookOptions();
    }

    public Dictionary<Instrument, BookSynchronizer> Books { get; } = [];

    public List<MarketRecord> Output { get; } = [];

    public RecordingBookSyncObserver Observer { get; } = new();

    public Dictionary<Instrument, int> SnapshotRequests { get; } = [];

    public BookSynchronizer BookOf(Instrument instrument)
    {
        if (!Books.TryGetValue(instrument, out var book))
        {
            book = new BookSynchronizer(instrument, _rules, _options, Observer);
            Books.Add(instrument, book);
        }

        return book;
    }

    public BookSyncAction Feed(DepthEvent depthEvent)
    {
        var book = BookOf(depthEvent.Instrument);
        var action = depthEvent.Delta is { } delta ? book.OnDelta(delta, Output) : book.OnSnapshot(depthEvent.Snapshot!, Output);
        Count(depthEvent.Instrument, action);
        return action;
    }

    public BookSyncAction Feed(BookDeltaRecord delta)
    {
        var action = BookOf(delta.Instrument).OnDelta(delta, Output);
        Count(delta.Instrument, action);
        return action;
    }

    public BookSyncAction Feed(Instrument instrument, DepthSnapshot snapshot)
    {
        var action = BookOf(instrument).OnSnapshot(snapshot, Output);
        Count(instrument, action);
        return action;
    }

    public IEnumerable<MarketRecord> OutputOf(Instrument instrument) => Output.Where(record => record.Instrument == instrument);

    private void Count(Instrument instrument, BookSyncAction action)
    {
        Assert.NotEqual(BookSyncAction.Resubscribe, action);
        if (action == BookSyncAction.FetchSnapshot)
        {
            SnapshotRequests[instrument] = SnapshotRequests.GetValueOrDefault(instrument) + 1;
        }
    }
}
