using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Hyperliquid;

namespace MarketPrism.Tests.Exchanges.Hyperliquid;

/// <summary>
/// Hyperliquid pushes the whole 20-level book every time; the parser derives the deltas between consecutive pushes.
/// These replay the real BTC session (46 pushes) and check that the deltas rebuild every push exactly.
/// </summary>
public sealed class HyperliquidDerivedDeltaTests
{
    private readonly HyperliquidFrameParser _parser = new(HyperliquidSymbols.CreateTable(MarketType.Perpetual, []));

    [Fact]
    public void Replaying_the_derived_deltas_on_the_first_snapshot_reproduces_every_later_push_of_the_real_capture_exactly()
    {
        var bids = new SortedDictionary<decimal, decimal>(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
        var asks = new SortedDictionary<decimal, decimal>();
        var pushes = HyperliquidRecordings.Frames(HyperliquidRecordings.Session).Where(frame => HyperliquidRecordings.IsBook(frame.Frame)).ToList();
        Assert.Equal(46, pushes.Count);
        var snapshots = 0;
        var deltas = 0;
        var ignored = 0;
        foreach (var (frame, received) in pushes)
        {
            var output = new List<MarketRecord>();
            var result = _parser.Parse(frame, received, output);
            if (result.Kind == FrameKind.Ignored)
            {
                // The capture holds its first push twice (same time, same book): the copy is not a change.
                ignored++;
                continue;
            }

            Assert.Equal(FrameKind.Data, result.Kind);
            var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(output));
            if (delta.IsSnapshot)
            {
                snapshots++;
                bids.Clear();
                asks.Clear();
            }
            else
            {
                deltas++;
                Assert.True(delta.Bids.Length + delta.Asks.Length < 40, "a delta holds the changes, not the whole book");
            }

            Apply(bids, delta.Bids);
            Apply(asks, delta.Asks);
            var pushed = HyperliquidRecordings.PushedBook(frame);
            Assert.Equal(pushed.Bids, bids.Select(level => new BookLevel(level.Key, level.Value)));
            Assert.Equal(pushed.Asks, asks.Select(level => new BookLevel(level.Key, level.Value)));
            Assert.Equal(pushed.Time, delta.LastUpdateId);
        }

        Assert.Equal((1, 44, 1), (snapshots, deltas, ignored));
    }

    [Fact]
    public void Through_the_book_synchronizer_every_push_is_recorded_as_a_snapshot_equal_to_it_and_every_change_as_a_delta()
    {
        var synchronizer = default(BookSynchronizer);
        var published = new List<MarketRecord>();
        var expected = new List<(BookLevel[] Bids, BookLevel[] Asks, long Time)>();
        foreach (var (frame, received) in HyperliquidRecordings.Frames(HyperliquidRecordings.Session).Where(frame => HyperliquidRecordings.IsBook(frame.Frame)))
        {
            var output = new List<MarketRecord>();
            if (_parser.Parse(frame, received, output).Kind != FrameKind.Data)
            {
                continue;
            }

            expected.Add(HyperliquidRecordings.PushedBook(frame));
            var delta = (BookDeltaRecord)output[0];
            synchronizer ??= new BookSynchronizer(delta.Instrument, HyperliquidBookRules.Instance, new BookOptions { SnapshotInterval = TimeSpan.FromMinutes(1), SnapshotDepth = 20 });
            Assert.Equal(BookSyncAction.None, synchronizer.OnDelta(delta, published));
        }

        var snapshots = published.OfType<BookSnapshotRecord>().ToList();
        Assert.Equal(expected.Count, snapshots.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Bids, snapshots[i].Bids);
            Assert.Equal(expected[i].Asks, snapshots[i].Asks);
            Assert.Equal(expected[i].Time, snapshots[i].LastUpdateId);
        }

        Assert.Equal(expected.Count - 1, published.OfType<BookDeltaRecord>().Count());
        Assert.Equal(BookSyncState.Synced, synchronizer!.State);
    }

    [Fact]
    public void A_level_that_leaves_the_top_20_is_removed_with_size_zero_and_a_new_one_added_best_first()
    {
        Assert.Equal(FrameKind.Data, Parse(Book(1000, bids: [(100, 1), (99, 2), (98, 3)], asks: [(101, 1), (102, 2)])).Kind);
        _output.Clear();

        Assert.Equal(FrameKind.Data, Parse(Book(2000, bids: [(100.5m, 4), (100, 1), (99, 5)], asks: [(101, 1), (102, 2)])).Kind);

        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.False(delta.IsSnapshot);
        Assert.Equal([new BookLevel(100.5m, 4), new BookLevel(99, 5), new BookLevel(98, 0)], delta.Bids);
        Assert.Empty(delta.Asks);
        Assert.Equal((T0 + 1000, T0 + 2000, T0 + 2000), (delta.PreviousUpdateId ?? 0, delta.FirstUpdateId, delta.LastUpdateId));
    }

    [Fact]
    public void A_book_subscribed_again_starts_from_its_next_push_whole_so_a_resubscription_repairs_it()
    {
        Parse(Book(1000, bids: [(100, 1)], asks: [(101, 1)]));
        _output.Clear();

        var ack = Parse("""{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC","nSigFigs":null,"mantissa":null}}}""");
        Assert.Equal((FrameKind.SubscriptionAck, "l2Book:BTC"), (ack.Kind, ack.Stream));

        Parse(Book(2000, bids: [(100, 2)], asks: [(101, 1)]));
        var whole = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.True(whole.IsSnapshot);
        Assert.Equal([new BookLevel(100, 2)], whole.Bids);
    }

    [Fact]
    public void A_push_at_an_earlier_time_or_at_the_same_time_with_another_book_is_loaded_whole()
    {
        Parse(Book(2000, bids: [(100, 1)], asks: [(101, 1)]));
        _output.Clear();

        Parse(Book(2000, bids: [(100, 3)], asks: [(101, 1)]));
        Assert.True(((BookDeltaRecord)Assert.Single(_output)).IsSnapshot);
        _output.Clear();

        Parse(Book(1500, bids: [(100, 3)], asks: [(101, 1)]));
        Assert.True(((BookDeltaRecord)Assert.Single(_output)).IsSnapshot);
    }

    [Fact]
    public void A_crossed_push_or_a_price_listed_twice_is_malformed_and_leaves_the_previous_book_as_the_base()
    {
        Parse(Book(1000, bids: [(100, 1)], asks: [(101, 1)]));
        _output.Clear();

        Assert.Equal(FrameKind.Malformed, Parse(Book(1500, bids: [(102, 1)], asks: [(101, 1)])).Kind);
        Assert.Equal(FrameKind.Malformed, Parse(Book(1600, bids: [(100, 1), (100, 2)], asks: [(101, 1)])).Kind);
        Assert.Empty(_output);

        Parse(Book(2000, bids: [(100, 2)], asks: [(101, 1)]));
        var delta = Assert.IsType<BookDeltaRecord>(Assert.Single(_output));
        Assert.Equal(T0 + 1000, delta.PreviousUpdateId);
    }

    [Fact]
    public void The_rules_apply_a_delta_derived_from_the_books_push_skip_a_copy_and_resynchronize_on_any_other()
    {
        var rules = HyperliquidBookRules.Instance;
        Assert.Equal(BookSnapshotSource.InBand, rules.SnapshotSource);
        Assert.True(rules.SnapshotAfterEveryUpdate);
        Assert.Equal(SequenceDecision.Apply, rules.Continue(Delta(previous: 1000, time: 2000), 1000));
        Assert.Equal(SequenceDecision.Stale, rules.Continue(Delta(previous: 1000, time: 2000), 2000));
        Assert.Equal(SequenceDecision.Stale, rules.Continue(Delta(previous: 500, time: 1000), 2000));
        Assert.Equal(SequenceDecision.Gap, rules.Continue(Delta(previous: 1500, time: 2000), 1000));
        Assert.Equal(SequenceDecision.Apply, rules.Bridge(Delta(previous: 1000, time: 2000), 1000));
    }

    /// <summary>The recorded session's first push time: generated books are stamped from it on.</summary>
    private const long T0 = 1737918843542;

    private readonly List<MarketRecord> _output = [];

    private static readonly Instrument Btc = HyperliquidSymbols.Resolve("BTC", MarketType.Perpetual)!;

    /// <summary>An independent book: a level of size 0 removes the price, any other sets it.</summary>
    private static void Apply(SortedDictionary<decimal, decimal> side, BookLevel[] levels)
    {
        foreach (var level in levels)
        {
            if (level.Size == 0)
            {
                Assert.True(side.Remove(level.Price), $"a removal of {level.Price}, which the book does not hold");
            }
            else
            {
                side[level.Price] = level.Size;
            }
        }
    }

    private static BookDeltaRecord Delta(long previous, long time) => new()
    {
        Instrument = Btc,
        Timestamp = DateTime.UnixEpoch.AddMilliseconds(time),
        LocalTimestamp = DateTime.UnixEpoch.AddMilliseconds(time),
        Bids = [],
        Asks = [],
        FirstUpdateId = time,
        LastUpdateId = time,
        PreviousUpdateId = previous,
    };

    private FrameParseResult Parse(string frame) =>
        _parser.Parse(System.Text.Encoding.UTF8.GetBytes(frame), HyperliquidRecordings.ReceiveTime, _output);

    private static string Book(long time, (decimal Price, decimal Size)[] bids, (decimal Price, decimal Size)[] asks)
    {
        static string Side((decimal Price, decimal Size)[] levels) =>
            string.Join(',', levels.Select(level => FormattableString.Invariant($$"""{"px":"{{level.Price}}","sz":"{{level.Size}}","n":1}""")));
        return string.Concat(
            """{"channel":"l2Book","data":{"coin":"BTC","time":""",
            (T0 + time).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ""","levels":[[""",
            Side(bids),
            "],[",
            Side(asks),
            "]]}}");
    }
}
