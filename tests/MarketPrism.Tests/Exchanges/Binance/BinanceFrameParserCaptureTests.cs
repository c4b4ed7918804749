using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>Whole recorded sessions through the parser: every frame is understood, and the counts add up.</summary>
public sealed class BinanceFrameParserCaptureTests
{
    [Fact]
    public void Spot_capture_parses_every_frame_and_ignores_only_klines()
    {
        var summary = ParseAll(BinanceRecordings.SpotCapture, MarketType.Spot);

        Assert.Empty(summary.Malformed);
        Assert.Equal(265, summary.Frames);
        Assert.Equal(177, summary.Records[DataType.BookDelta]);
        Assert.Equal(84, summary.Records[DataType.BestBidAsk]);
        Assert.Equal(2, summary.Records[DataType.Trade]);
        Assert.Equal(2, summary.Ignored);
        Assert.Equal(["BLZ-ETH", "LRC-BTC", "NKN-USDT", "RUNE-EUR"], summary.Symbols);
    }

    [Fact]
    public void Usd_margined_capture_parses_every_frame_and_ignores_only_klines()
    {
        var summary = ParseAll(BinanceRecordings.FuturesCapture, MarketType.Perpetual);

        Assert.Empty(summary.Malformed);
        Assert.Equal(1535, summary.Frames);
        Assert.Equal(764, summary.Records[DataType.BookDelta]);
        Assert.Equal(613, summary.Records[DataType.BestBidAsk]);
        Assert.Equal(91, summary.Records[DataType.Trade]);
        Assert.Equal(67, summary.Ignored);
        Assert.Equal(["AKRO-USDT", "CTK-USDT", "KEEP-USDT", "SUSHI-USDT"], summary.Symbols);
    }

    [Fact]
    public void Coin_margined_capture_parses_every_frame_and_ignores_only_klines()
    {
        var summary = ParseAll(BinanceRecordings.DeliveryCapture, MarketType.Perpetual);

        Assert.Empty(summary.Malformed);
        Assert.Equal(4371, summary.Frames);
        Assert.Equal(2047, summary.Records[DataType.BookDelta]);
        Assert.Equal(2240, summary.Records[DataType.BestBidAsk]);
        Assert.Equal(51, summary.Records[DataType.Trade]);
        Assert.Equal(33, summary.Ignored);
        Assert.Equal(["BCH-USD", "BTC-USD", "EOS-USD", "ETC-USD", "ETH-USD", "LINK-USD", "TRX-USD", "XRP-USD"], summary.Symbols);
    }

    [Fact]
    public void Tardis_spot_messages_all_parse_with_the_ticker_ignored()
    {
        var summary = ParseAll(BinanceRecordings.SpotTardis, MarketType.Spot);

        Assert.Empty(summary.Malformed);
        Assert.Equal(10, summary.Frames);
        Assert.Equal(2, summary.Records[DataType.Trade]);
        Assert.Equal(1, summary.Records[DataType.BestBidAsk]);
        Assert.Equal(4, summary.Records[DataType.BookDelta]);
        Assert.Equal(2, summary.Records[DataType.BookSnapshot]);
        Assert.Equal(1, summary.Ignored);
    }

    [Fact]
    public void Tardis_futures_messages_parse_except_the_trimmed_aggTrade_without_an_id()
    {
        // tardis-node's 2019 aggTrade sample has no aggregate id "a" (the file notes some frames are trimmed). Without
        // it there is no trade id to store, so the frame is reported rather than given an id of another kind.
        var summary = ParseAll(BinanceRecordings.FuturesTardis, MarketType.Perpetual);

        // And its generated depth snapshot, trimmed to one bid (8488.36) above the best ask (4095.99), is a crossed
        // book: rejected as an impossible value.
        Assert.Equal(2, summary.Malformed.Count);
        Assert.Equal("aggTrade: missing field 'a'", summary.Malformed[0].Error);
        Assert.Equal("impossible value in book_snapshot BTCUSDT: crossed book: best bid 8488.36 is not below best ask 4095.99000000", summary.Malformed[1].Error);
        Assert.Equal(15, summary.Frames);
        Assert.Equal(2, summary.Records[DataType.Trade]);
        Assert.Equal(2, summary.Records[DataType.FundingRate]);
        Assert.Equal(3, summary.Records[DataType.MarkPrice]);
        Assert.Equal(2, summary.Records[DataType.BookDelta]);
        Assert.False(summary.Records.ContainsKey(DataType.BookSnapshot));
        Assert.Equal(1, summary.Records[DataType.OpenInterest]);
        Assert.Equal(1, summary.Records[DataType.Liquidation]);
        Assert.Equal(1, summary.Records[DataType.BestBidAsk]);

        // Two 24hr tickers and the insurance-fund trade.
        Assert.Equal(3, summary.Ignored);
    }

    private static CaptureSummary ParseAll(string file, MarketType market)
    {
        var parser = new BinanceFrameParser(BinanceSymbols.CreateTable(market, []));
        var summary = new CaptureSummary();
        var output = new List<MarketRecord>();
        foreach (var frame in BinanceRecordings.Frames(file))
        {
            summary.Frames++;
            output.Clear();
            var result = parser.Parse(frame.Payload, frame.Received, output);
            switch (result.Kind)
            {
                case FrameKind.Data:
                    Assert.NotEmpty(output);
                    foreach (var record in output)
                    {
                        summary.Records[record.DataType] = summary.Records.GetValueOrDefault(record.DataType) + 1;
                        summary.SymbolSet.Add(record.SymbolName);
                    }

                    break;
                case FrameKind.Ignored:
                    Assert.Empty(output);
                    summary.Ignored++;
                    break;
                default:
                    Assert.Empty(output);
                    summary.Malformed.Add((frame, result.Error));
                    break;
            }
        }

        return summary;
    }

    private sealed class CaptureSummary
    {
        public int Frames { get; set; }

        public int Ignored { get; set; }

        public Dictionary<DataType, int> Records { get; } = [];

        public SortedSet<string> SymbolSet { get; } = new(StringComparer.Ordinal);

        public string[] Symbols => [.. SymbolSet];

        public List<(RecordedFrame Frame, string? Error)> Malformed { get; } = [];

        public override string ToString() =>
            new StringBuilder().AppendJoin('\n', Malformed.Select(m => $"{m.Error} <- {m.Frame}")).ToString();
    }
}
