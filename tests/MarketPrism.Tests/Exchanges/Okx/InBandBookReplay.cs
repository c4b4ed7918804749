using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Tests.Core.Books;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// Drives one <see cref="BookSynchronizer"/> per instrument the way the runtime does for an in-band venue: every book
/// frame in arrival order, the resubscriptions the synchronizers ask for counted.
/// </summary>
public sealed class InBandBookReplay(IBookSequenceRules rules, BookOptions? options = null)
{
    private readonly BookOptions _options = options ?? new BookOptions();

    public Dictionary<Instrument, BookSynchronizer> Books { get; } = [];

    public List<MarketRecord> Output { get; } = [];

    public RecordingBookSyncObserver Observer { get; } = new();

    public int Resubscriptions { get; private set; }

    public BookSyncAction Feed(BookDeltaRecord delta)
    {
        if (!Books.TryGetValue(delta.Instrument, out var book))
        {
            book = new BookSynchronizer(delta.Instrument, rules, _options, Observer);
            Books.Add(delta.Instrument, book);
        }

        var action = book.OnDelta(delta, Output);
        Assert.NotEqual(BookSyncAction.FetchSnapshot, action);
        if (action == BookSyncAction.Resubscribe)
        {
            Resubscriptions++;
        }

        return action;
    }
}
