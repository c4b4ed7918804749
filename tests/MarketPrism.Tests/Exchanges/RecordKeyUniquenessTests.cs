using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges;

/// <summary>
/// Issue 16: a record key names exactly one record. Every recorded session of every venue and market goes through the
/// venue's real parser and, for book updates, a book synchronizer, as the collector runs them; across everything a
/// venue market publishes, two records under one key must be the same record (equal in every field but the receive
/// time, which is the collector's, not the exchange's).
/// </summary>
public sealed class RecordKeyUniquenessTests
{
    /// <summary>Recording folders and the exchange whose frames they hold.</summary>
    private static readonly (string Folder, string Exchange)[] Sessions =
    [
        ("binance", "binance"),
        ("binance-futures", "binance"),
        ("binance-delivery", "binance"),
        ("bybit", "bybit"),
        ("okx", "okx"),
        ("deribit", "deribit"),
        ("coinbase", "coinbase"),
    ];

    private static readonly DateTime UnrecordedReceiveTime = UtcTimestamp.FromUnixMilliseconds(1_780_000_000_000);

    public static TheoryData<string, string> VenueMarkets()
    {
        var data = new TheoryData<string, string>();
        foreach (var venue in VenueCatalog.All)
        {
            data.Add(venue.Exchange, venue.MarketType.ToWireName());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VenueMarkets))]
    public void Across_every_recorded_session_no_two_distinct_records_share_a_key(string exchange, string market)
    {
        Assert.True(WireNames.TryParseMarketType(market, out var marketType));
        var venue = VenueCatalog.Get(exchange, marketType);
        var records = new List<MarketRecord>();
        foreach (var file in RecordingFiles(exchange))
        {
            records.AddRange(Publish(venue, file));
        }

        AssertKeysIdentifyOneRecord(records);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", records.GroupBy(record => record.DataType)
            .Select(group => $"{group.Key.ToWireName()} {group.Count()} records, {group.Select(RecordKey.For).Distinct().Count()} keys")));
    }

    [Fact]
    public void Every_venue_has_recorded_sessions_that_publish_every_data_type_the_recordings_hold()
    {
        var types = new HashSet<DataType>();
        foreach (var venue in VenueCatalog.All)
        {
            var published = RecordingFiles(venue.Exchange).SelectMany(file => Publish(venue, file)).ToList();
            Assert.True(published.Count > 0 || venue is { Exchange: "deribit", MarketType: MarketType.Futures } || venue is { Exchange: "bybit", MarketType: MarketType.Spot },
                $"{venue.Exchange} {venue.MarketType.ToWireName()} published nothing from the recordings");
            types.UnionWith(published.Select(record => record.DataType));
        }

        // The uniqueness rule above is only as good as what the sessions cover.
        Assert.Superset(
            new HashSet<DataType>
            {
                DataType.Trade, DataType.BookDelta, DataType.BookSnapshot, DataType.BestBidAsk, DataType.FundingRate,
                DataType.OpenInterest, DataType.MarkPrice, DataType.Liquidation,
            },
            types);
    }

    [Fact]
    public void Two_okx_bbo_tbt_quotes_in_one_millisecond_get_two_keys_from_their_seq_id()
    {
        // The recorded bbo-tbt frame (tardis swap file, 2022, before OKX added seqId to the channel), as OKX sends it
        // now with its seqId, and a second quote in the same millisecond: the 0.7 ms apart pair.
        const string First = """{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["38632.4","727","0","22"]],"bids":[["38632.3","990","0","22"]],"ts":"1651761120004","seqId":3407196521}]}""";
        const string Second = """{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["38632.4","727","0","22"]],"bids":[["38628.1","15","0","1"]],"ts":"1651761120004","seqId":3407196524}]}""";
        var venue = VenueCatalog.Get("okx", MarketType.Perpetual);
        var parser = venue.CreateParser(venue.CreateInstrumentTable([]));
        var output = new List<MarketRecord>();

        Assert.Equal(FrameKind.Data, parser.Parse(Encoding.UTF8.GetBytes(First), UnrecordedReceiveTime, output).Kind);
        Assert.Equal(FrameKind.Data, parser.Parse(Encoding.UTF8.GetBytes(Second), UnrecordedReceiveTime.AddTicks(7_000), output).Kind);

        var quotes = output.Cast<BestBidAskRecord>().ToArray();
        Assert.Equal([3407196521L, 3407196524L], quotes.Select(quote => quote.UpdateId ?? 0));
        Assert.Equal(
            ["okx:perpetual:best_bid_ask:BTC-USDT-SWAP:u3407196521-38632.3-990-38632.4-727", "okx:perpetual:best_bid_ask:BTC-USDT-SWAP:u3407196524-38628.1-15-38632.4-727"],
            quotes.Select(RecordKey.For));
        AssertKeysIdentifyOneRecord(output);
    }

    [Fact]
    public void Recorded_okx_quotes_without_a_seq_id_are_told_apart_by_their_values_and_a_repeated_quote_keeps_its_key()
    {
        // Lines 9 and 10 of the tardis swap file are one quote sent twice; the same millisecond with another bid is another quote.
        var venue = VenueCatalog.Get("okx", MarketType.Perpetual);
        var records = Publish(venue, Path.Combine(AppContext.BaseDirectory, "recordings", "okx", "tardis-node_mappers_okex-swap-v5.ndjson"))
            .OfType<BestBidAskRecord>().Where(quote => quote.Timestamp == UtcTimestamp.FromUnixMilliseconds(1651761120004)).ToList();
        Assert.Equal(2, records.Count);
        Assert.Null(records[0].UpdateId);
        Assert.Equal(RecordKey.For(records[0]), RecordKey.For(records[1]));
        Assert.Equal("okx:perpetual:best_bid_ask:BTC-USDT-SWAP:t1651761120004000-38632.3-990-38632.4-727", RecordKey.For(records[0]));

        var otherBid = new BestBidAskRecord
        {
            Instrument = records[0].Instrument,
            Timestamp = records[0].Timestamp,
            LocalTimestamp = records[0].LocalTimestamp,
            BidPrice = 38628.1m,
            BidSize = records[0].BidSize,
            AskPrice = records[0].AskPrice,
            AskSize = records[0].AskSize,
        };
        Assert.NotEqual(RecordKey.For(records[0]), RecordKey.For(otherBid));
    }

    [Fact]
    public void A_deribit_trade_that_liquidated_both_sides_gives_two_liquidations_under_two_keys()
    {
        // The recorded "M" liquidation (tardis deribit file, line 12) as Deribit flags a trade that liquidated both sides.
        var recorded = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "recordings", "deribit", "tardis-node_mappers_deribit.ndjson")).ElementAt(11);
        Assert.Contains("\"liquidation\":\"M\"", recorded, StringComparison.Ordinal);
        var frame = recorded.Replace("\"liquidation\":\"M\"", "\"liquidation\":\"MT\"", StringComparison.Ordinal);
        var venue = VenueCatalog.Get("deribit", MarketType.Perpetual);
        var parser = venue.CreateParser(venue.CreateInstrumentTable([]));
        var output = new List<MarketRecord>();

        Assert.Equal(FrameKind.Data, parser.Parse(Encoding.UTF8.GetBytes(frame), UnrecordedReceiveTime, output).Kind);

        var liquidations = output.OfType<LiquidationRecord>().ToArray();
        Assert.Equal(2, liquidations.Length);
        Assert.Equal(liquidations[0].LiquidationId, liquidations[1].LiquidationId);
        Assert.Equal(
            ["deribit:perpetual:liquidation:BTC-PERPETUAL:66460626-buy", "deribit:perpetual:liquidation:BTC-PERPETUAL:66460626-sell"],
            liquidations.Select(RecordKey.For).Order(StringComparer.Ordinal));
        AssertKeysIdentifyOneRecord(output);
    }

    private static IEnumerable<string> RecordingFiles(string exchange) =>
        Sessions.Where(session => session.Exchange == exchange)
            .SelectMany(session => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "recordings", session.Folder)))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// What the collector would publish from one recorded file on one venue market: the parser's records, with book
    /// updates through a synchronizer per instrument (REST depth responses in the file are its snapshots), emitting a
    /// book snapshot after every (re)synchronization and every millisecond of exchange time after that.
    /// </summary>
    private static List<MarketRecord> Publish(IExchangeVenue venue, string path)
    {
        var instruments = venue.CreateInstrumentTable([]);
        var parser = venue.CreateParser(instruments);
        var books = new Dictionary<Instrument, BookSynchronizer>();
        var options = new BookOptions { SnapshotInterval = TimeSpan.FromMilliseconds(1) };
        var parsed = new List<MarketRecord>();
        var published = new List<MarketRecord>();
        foreach (var entry in CaptureReader.ReadFile(path))
        {
            var local = entry.UnixSeconds is { } seconds
                ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
                : UnrecordedReceiveTime;
            if (entry.Kind == CaptureEntryKind.HttpResponse)
            {
                if (DepthSnapshotSymbol(entry) is { } symbol && instruments.TryGet(symbol, out var instrument) && books.TryGetValue(instrument, out var waiting))
                {
                    waiting.OnSnapshot(venue.ParseValidatedDepthSnapshot(entry.Payload.Span, local), published);
                }

                continue;
            }

            if (entry.Kind != CaptureEntryKind.Received)
            {
                continue;
            }

            parsed.Clear();
            if (parser.Parse(entry.Payload.Span, local, parsed).Kind != FrameKind.Data)
            {
                continue;
            }

            foreach (var record in parsed)
            {
                if (record is not BookDeltaRecord delta)
                {
                    published.Add(record);
                    continue;
                }

                if (!books.TryGetValue(delta.Instrument, out var book))
                {
                    book = new BookSynchronizer(delta.Instrument, venue.BookRules, options);
                    books.Add(delta.Instrument, book);
                }

                book.OnDelta(delta, published);
            }
        }

        return published;
    }

    private static string? DepthSnapshotSymbol(CaptureEntry entry) =>
        entry.Url is not null && Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) && url.AbsolutePath.EndsWith("/depth", StringComparison.Ordinal)
            ? HttpUtility.ParseQueryString(url.Query)["symbol"]
            : null;

    private static void AssertKeysIdentifyOneRecord(List<MarketRecord> records)
    {
        var byKey = new Dictionary<string, (MarketRecord Record, string Content)>(StringComparer.Ordinal);
        var clashes = new List<string>();
        foreach (var record in records)
        {
            var key = RecordKey.For(record);
            var content = ExchangeContent(record);
            if (!byKey.TryAdd(key, (record, content)) && byKey[key].Content != content)
            {
                clashes.Add($"{key}:\n  {byKey[key].Content}\n  {content}");
            }
        }

        Assert.True(clashes.Count == 0, $"{clashes.Count} distinct records share a key with another:\n{string.Join('\n', clashes.Take(5))}");
    }

    /// <summary>
    /// Every field of a record, to the microsecond, except the receive time and an open interest's value in quote
    /// currency, which the collector derives from its latest mark price (RecordKey leaves it out of the key).
    /// </summary>
    private static string ExchangeContent(MarketRecord record)
    {
        var json = JsonNode.Parse(RecordJsonWriter.ToUtf8Bytes(record, TimestampPrecision.Microseconds))!.AsObject();
        json.Remove("local_timestamp");
        if (record is OpenInterestRecord)
        {
            json.Remove("open_interest_value");
        }

        return json.ToJsonString();
    }
}
