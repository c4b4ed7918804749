using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// The book events of one recorded session in arrival order, as the runtime hands them to the book synchronizers:
/// updates as parsed from the frames (in-band snapshots among them), and for a venue that syncs from REST the depth
/// snapshots as parsed from the recorded answers.
/// </summary>
/// <param name="Name">The recording and market, for messages.</param>
/// <param name="Market">The market whose rules apply.</param>
public sealed record BookSession(string Name, MarketType Market, IReadOnlyList<BookEvent> Timeline)
{
    public IEnumerable<BookDeltaRecord> DeltasOf(Instrument instrument) =>
        Timeline.Where(e => e.Delta is not null && e.Instrument.Equals(instrument)).Select(e => e.Delta!);

    public override string ToString() => Name;
}

/// <summary>One update (<paramref name="Delta"/>) or one REST snapshot (<paramref name="Snapshot"/>) of an instrument's book.</summary>
public sealed record BookEvent(Instrument Instrument, BookDeltaRecord? Delta, DepthSnapshot? Snapshot)
{
    public static BookEvent Of(BookDeltaRecord delta) => new(delta.Instrument, delta, null);
}
