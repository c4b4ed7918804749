using MarketPrism.Core.Books;
using MarketPrism.Core.Validation;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>How every caller reads a venue's REST depth snapshot: parsed by the venue, checked by the shared validator.</summary>
public static class DepthSnapshots
{
    /// <summary>
    /// <see cref="IExchangeVenue.ParseDepthSnapshot"/>, then <see cref="RecordValidator.Check(DepthSnapshot)"/>: both
    /// sides best first, and a snapshot with an impossible value (a negative size, a crossed book, a time outside the
    /// window) throws <see cref="FormatException"/> with the reason, like any other bad body.
    /// </summary>
    public static DepthSnapshot ParseValidatedDepthSnapshot(this IExchangeVenue venue, ReadOnlySpan<byte> body, DateTime localTimestamp)
    {
        ArgumentNullException.ThrowIfNull(venue);
        var snapshot = venue.ParseDepthSnapshot(body, localTimestamp);
        return RecordValidator.Check(snapshot) is { } impossible ? throw new FormatException(impossible) : snapshot;
    }
}
