using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Coinbase;
using MarketPrism.Tests.Exchanges.Conformance;

namespace MarketPrism.Tests.Exchanges.Coinbase;

/// <summary>The recorded Coinbase files (see recordings/SOURCES.md, "Coinbase") and how the tests read them.</summary>
internal static class CoinbaseRecordings
{
    /// <summary>cryptofeed's 2021-04-17 Exchange-feed capture: level2 snapshots and updates, ticker, matches, 10 products.</summary>
    public const string ExchangeCapture = "coinbase/COINBASE.ws.28.0";

    /// <summary>tardis-node's Exchange test messages (two hand-edited).</summary>
    public const string ExchangeTardis = "coinbase/tardis-node_mappers_coinbase.ndjson";

    /// <summary>JKorf's live Advanced Trade frames (2024-10-04): acknowledgements, a heartbeat, market trades.</summary>
    public const string AdvancedTradeCapture = "coinbase/jkorf_advanced-trade_heartbeats_market_trades.ndjson";

    /// <summary>An Advanced Trade BTC-USD session built from the documented shapes (book seeded from the real product_book body).</summary>
    public const string AdvancedTradeSpotSession = "coinbase/docs-shape_advanced-trade_BTC-USD_session.ndjson";

    /// <summary>An Advanced Trade BIT-24APR26-CDE session built from the documented shapes.</summary>
    public const string AdvancedTradeFuturesSession = "coinbase/docs-shape_advanced-trade_BIT-24APR26-CDE_session.ndjson";

    public static byte[] Bytes(string relative) => File.ReadAllBytes(VenueRecording.PathOf(relative));

    /// <summary>A parser of a market as the runtime makes one for a connection of <paramref name="api"/>.</summary>
    public static CoinbaseFrameParser NewParser(MarketType market, CoinbaseApi api = CoinbaseApi.Exchange) =>
        new(CoinbaseSymbols.CreateTable(market, []), api);

    /// <summary>Every frame of a file through one parser (one connection), with what each gave.</summary>
    public static List<(CapturedFrame Frame, FrameParseResult Result, List<MarketRecord> Records)> Parse(string relative, CoinbaseFrameParser parser)
    {
        var results = new List<(CapturedFrame, FrameParseResult, List<MarketRecord>)>();
        foreach (var frame in new VenueRecording(relative, parser.Instruments.MarketType).Frames())
        {
            var records = new List<MarketRecord>();
            results.Add((frame, parser.Parse(frame.Payload, frame.Received, records), records));
        }

        return results;
    }

    public static FrameParseResult Parse(CoinbaseFrameParser parser, string frame, List<MarketRecord> output) =>
        parser.Parse(Encoding.UTF8.GetBytes(frame), VenueRecording.UnrecordedReceiveTime, output);
}
