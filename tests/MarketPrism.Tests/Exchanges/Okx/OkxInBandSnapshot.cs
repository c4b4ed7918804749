using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>The full book OKX pushes in band (a books message with action <c>snapshot</c>), made up for a replay.</summary>
internal static class OkxInBandSnapshot
{
    /// <summary>
    /// The book <paramref name="bids"/>/<paramref name="asks"/> as an in-band snapshot at <paramref name="at"/>'s update,
    /// carrying the checksum OKX would compute for it (a snapshot without one would fail the book's check).
    /// </summary>
    public static BookDeltaRecord At(BookDeltaRecord at, BookLevel[] bids, BookLevel[] asks) => new()
    {
        Instrument = at.Instrument,
        Timestamp = at.Timestamp,
        LocalTimestamp = at.LocalTimestamp,
        Bids = bids,
        Asks = asks,
        FirstUpdateId = at.LastUpdateId,
        LastUpdateId = at.LastUpdateId,
        IsSnapshot = true,
        Checksum = OkxChecksum.Compute(bids, asks),
    };
}
