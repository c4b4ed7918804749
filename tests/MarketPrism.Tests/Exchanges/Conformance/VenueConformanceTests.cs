using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// The rules every exchange venue of the collector must keep, written once (the way dotnet/runtime runs one abstract
/// channel test base over every channel implementation). A venue gets every rule by deriving one class that names its
/// markets' recordings, sample symbols, golden request shapes and frames of a channel it does not know; each rule is
/// in its own partial file:
/// <list type="number">
/// <item>every recorded frame parses, or is ignored or rejected with a reason (<c>.Recordings</c>);</item>
/// <item>parsing allocates nothing beyond the output records (<c>.Allocations</c>);</item>
/// <item>replaying the recorded book sessions keeps every book equal to an independent rebuild, and a lost or
/// repeated update is handled (<c>.BookReplay</c>);</item>
/// <item>symbols round-trip normalized -> exchange -> normalized on every market (<c>.Symbols</c>);</item>
/// <item>subscribe/unsubscribe requests equal the golden files of the venue's documented shapes in
/// <c>recordings/protocol/&lt;venue&gt;/</c> (<c>.Requests</c>);</item>
/// <item>bad frames (empty, truncated, wrong types, unknown channel, hostile sizes, mutated) give a reason and never
/// throw out of the parser (<c>.BadFrames</c>);</item>
/// <item>book levels of every <c>book_delta</c>/<c>book_snapshot</c> are best first, as docs/schema.md promises
/// (<c>.BookOrder</c>).</item>
/// </list>
/// </summary>
public abstract partial class VenueConformanceTests
{
    private IReadOnlyList<IExchangeVenue>? _venues;

    /// <summary>The venue's exchange name in <see cref="VenueCatalog"/>, e.g. <c>binance</c>.</summary>
    protected abstract string Exchange { get; }

    /// <summary>The venue's recorded sessions (WebSocket frames), each frame routed to the market that carried it.</summary>
    protected abstract IReadOnlyList<VenueRecording> Recordings { get; }

    /// <summary>
    /// A few symbols per market, as a user configures them (normalized <c>BTC-USDT</c>, or the venue's own spelling
    /// where a normalized symbol names no single instrument: dated futures, options).
    /// </summary>
    protected abstract IReadOnlyDictionary<MarketType, string[]> SampleSymbols { get; }

    /// <summary>The subscribe/unsubscribe requests checked against golden files under <c>recordings/protocol/&lt;venue&gt;/</c>.</summary>
    protected abstract IReadOnlyList<GoldenRequest> GoldenRequests { get; }

    /// <summary>Well-formed frames of a channel or event the venue does not have (per market: they must be rejected or ignored with a reason).</summary>
    protected abstract IReadOnlyList<string> UnknownChannelFrames(MarketType market);

    /// <summary>
    /// Recorded frames (<c>file:line</c>) that are rejected although recorded from the venue, and why (a trimmed test
    /// message, a crossed generated snapshot). Every one must still be rejected: an entry that starts parsing fails
    /// the rule, so the list cannot rot.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> RejectedRecordedFrames { get; } = new Dictionary<string, string>();

    /// <summary>REST depth snapshot answers the collector fetches from this venue, when it fetches any.</summary>
    protected virtual IReadOnlyList<VenueRecording> DepthSnapshotResponses => [];

    /// <summary>The venue's markets, from <see cref="VenueCatalog"/>.</summary>
    protected IReadOnlyList<IExchangeVenue> Venues =>
        _venues ??= [.. VenueCatalog.All.Where(venue => venue.Exchange == Exchange)];

    protected IExchangeVenue VenueOf(MarketType market) => VenueCatalog.Get(Exchange, market);

    /// <summary>
    /// The market configured so that any skipped book update is a gap. The market itself unless the venue's default
    /// tolerates skipped ids (Bybit), in which case the derived class configures its strict option.
    /// </summary>
    protected virtual IExchangeVenue StrictVenueOf(MarketType market) => VenueOf(market);

    /// <summary>A parser the way the runtime makes one for a connection: a table of no configured instruments that resolves any symbol.</summary>
    protected static IFrameParser NewParser(IExchangeVenue venue) => venue.CreateParser(venue.CreateInstrumentTable([]));

    [Fact]
    public void The_venue_is_in_the_catalog_and_every_market_has_recordings_or_samples()
    {
        Assert.NotEmpty(Venues);
        Assert.All(Venues, venue => Assert.Equal(Exchange, venue.Exchange));
        Assert.Equal(Venues.Select(venue => venue.MarketType).Order(), SampleSymbols.Keys.Order());
        Assert.NotEmpty(Recordings);
        Assert.All(Recordings, recording => Assert.True(File.Exists(VenueRecording.PathOf(recording.File)), recording.File));
    }

    /// <summary>Every recorded frame, parsed in recorded order by one parser per file and market, as the runtime parses a connection.</summary>
    protected IEnumerable<(CapturedFrame Frame, FrameParseResult Result, List<MarketRecord> Records)> ParseRecordings()
    {
        foreach (var recording in Recordings)
        {
            var parsers = new Dictionary<MarketType, IFrameParser>();
            foreach (var frame in recording.Frames())
            {
                if (!parsers.TryGetValue(frame.Market, out var parser))
                {
                    parser = NewParser(VenueOf(frame.Market));
                    parsers.Add(frame.Market, parser);
                }

                var records = new List<MarketRecord>();
                var result = parser.Parse(frame.Payload, frame.Received, records);
                yield return (frame, result, records);
            }
        }
    }
}

/// <summary>
/// A request whose bytes must equal a golden file: the streams of <paramref name="Symbols"/> for
/// <paramref name="DataTypes"/> on <paramref name="Market"/>, subscribed (or unsubscribed) with request id
/// <paramref name="RequestId"/>.
/// </summary>
/// <param name="GoldenFile">The file under <c>recordings/protocol/&lt;venue&gt;/</c>, e.g. <c>subscribe-request.json</c>.</param>
public sealed record GoldenRequest(string GoldenFile, MarketType Market, string[] Symbols, DataType[] DataTypes, long RequestId, bool Unsubscribe = false)
{
    public override string ToString() => GoldenFile;
}
