using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Exchanges.Bybit;

public sealed class BybitBookRulesTests
{
    private static readonly BybitBookRules Rules = BybitBookRules.Strict;
    private static readonly Instrument Xrp = BybitSymbols.Resolve("XRPUSDT", MarketType.Perpetual)!;

    [Theory]
    [InlineData(101, 100, SequenceDecision.Apply)]
    [InlineData(100, 100, SequenceDecision.Stale)]
    [InlineData(95, 100, SequenceDecision.Stale)]
    [InlineData(102, 100, SequenceDecision.Gap)]
    [InlineData(1, 20_254_918, SequenceDecision.Gap)]
    [InlineData(2, 20_254_918, SequenceDecision.Gap)]
    public void Strict_a_delta_must_be_the_previous_u_plus_one(long u, long previous, SequenceDecision expected)
    {
        Assert.Equal(expected, Rules.Continue(Delta(u), previous));
        Assert.Equal(expected, Rules.Bridge(Delta(u), previous));
    }

    [Theory]
    [InlineData(101, 100, SequenceDecision.Apply)]
    [InlineData(100, 100, SequenceDecision.Stale)]
    [InlineData(95, 100, SequenceDecision.Stale)]
    [InlineData(102, 100, SequenceDecision.ApplyDespiteSkippedIds)]
    [InlineData(5_000, 100, SequenceDecision.ApplyDespiteSkippedIds)]
    [InlineData(1, 20_254_918, SequenceDecision.Gap)]
    [InlineData(2, 20_254_918, SequenceDecision.Gap)]
    public void Lenient_a_skipped_u_is_applied_and_reported_but_an_id_far_behind_is_still_a_gap(long u, long previous, SequenceDecision expected)
    {
        Assert.Equal(expected, BybitBookRules.Lenient.Continue(Delta(u), previous));
        Assert.Equal(expected, BybitBookRules.Lenient.Bridge(Delta(u), previous));
    }

    [Fact]
    public void The_default_policy_is_lenient_and_the_venue_picks_strict_only_when_asked()
    {
        var venue = new BybitExchangeVenue(MarketType.Perpetual);

        Assert.Same(BybitBookRules.Lenient, BybitBookRules.Instance);
        Assert.Same(BybitBookRules.Lenient, venue.BookRules);
        Assert.Same(BybitBookRules.Lenient, venue.Configure(new BybitOptions()).BookRules);
        Assert.Same(BybitBookRules.Strict, venue.Configure(new BybitOptions { BookContinuity = BybitOptions.StrictBookContinuity }).BookRules);
        Assert.True(BybitBookRules.Strict.IsStrict);
        Assert.False(BybitBookRules.Lenient.IsStrict);
    }

    [Fact]
    public void Copies_within_the_overlap_of_two_connections_are_stale_and_anything_further_back_is_a_new_numbering()
    {
        Assert.Equal(SequenceDecision.Stale, Rules.Continue(Delta(100_000 - BybitBookRules.MaxOverlap), 100_000));
        Assert.Equal(SequenceDecision.Gap, Rules.Continue(Delta(100_000 - BybitBookRules.MaxOverlap - 1), 100_000));
    }

    [Fact]
    public void The_book_comes_in_band_with_no_checksum()
    {
        Assert.Equal(BookSnapshotSource.InBand, Rules.SnapshotSource);
        Assert.True(Rules.VerifyChecksum(new OrderBook(), Delta(1)));
        Assert.False(Rules.IsSnapshotTooOld(new DepthSnapshot(1, [], [], default, default), Delta(5)));
    }

    private static BookDeltaRecord Delta(long u) => new()
    {
        Instrument = Xrp,
        Timestamp = default,
        LocalTimestamp = default,
        Bids = [],
        Asks = [],
        FirstUpdateId = u,
        LastUpdateId = u,
    };
}
