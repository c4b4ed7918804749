using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Deribit;

namespace MarketPrism.Tests.Exchanges.Deribit;

/// <summary>Whole recorded files through the parser: every frame is understood, and the counts add up.</summary>
public sealed class DeribitFrameParserCaptureTests
{
    [Fact]
    public void The_option_capture_parses_every_frame()
    {
        var summary = ParseAll(DeribitRecordings.Capture, MarketType.Option);

        Assert.Empty(summary.Malformed);
        Assert.Equal(136, summary.Frames);
        Assert.Equal(1, summary.Acks);

        // 10 snapshots and 36 changes; 89 tickers, each an open interest and a mark price.
        Assert.Equal(46, summary.Records[DataType.BookDelta]);
        Assert.Equal(10, summary.Snapshots);
        Assert.Equal(89, summary.Records[DataType.OpenInterest]);
        Assert.Equal(89, summary.Records[DataType.MarkPrice]);
        Assert.Equal(3, summary.Records.Count);
        Assert.Equal(0, summary.Ignored);
        Assert.Equal(["BTC-USD", "ETH-USD"], summary.Symbols);
        Assert.Equal(10, summary.ExchangeSymbols.Count);
    }

    [Fact]
    public void The_tardis_messages_parse_except_the_three_combo_tickers()
    {
        var summary = ParseAll(DeribitRecordings.Tardis, MarketType.Perpetual);

        Assert.Empty(summary.Malformed);
        Assert.Equal(18, summary.Frames);
        Assert.Equal(4, summary.Records[DataType.Trade]);
        Assert.Equal(2, summary.Records[DataType.Liquidation]);
        Assert.Equal(1, summary.Records[DataType.BestBidAsk]);
        Assert.Equal(4, summary.Records[DataType.BookDelta]);
        Assert.Equal(2, summary.Snapshots);
        Assert.Equal(2, summary.Records[DataType.FundingRate]);
        Assert.Equal(7, summary.Records[DataType.OpenInterest]);
        Assert.Equal(7, summary.Records[DataType.MarkPrice]);
        Assert.Equal(3, summary.Ignored);
        Assert.Equal(["BTC-USD", "ETH-USD", "LINK-USDC", "MATIC-USDC"], summary.Symbols);
    }

    private static CaptureSummary ParseAll(string file, MarketType market)
    {
        var parser = new DeribitFrameParser(DeribitSymbols.CreateTable(market, []));
        var summary = new CaptureSummary();
        var output = new List<MarketRecord>();
        foreach (var frame in DeribitRecordings.Frames(file))
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
                        summary.ExchangeSymbols.Add(record.ExchangeSymbol);
                        summary.Snapshots += record is BookDeltaRecord { IsSnapshot: true } ? 1 : 0;
                    }

                    break;
                case FrameKind.SubscriptionAck:
                    summary.Acks++;
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

        public int Acks { get; set; }

        public int Ignored { get; set; }

        public int Snapshots { get; set; }

        public Dictionary<DataType, int> Records { get; } = [];

        public SortedSet<string> SymbolSet { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ExchangeSymbols { get; } = new(StringComparer.Ordinal);

        public string[] Symbols => [.. SymbolSet];

        public List<(DeribitFrame Frame, string? Error)> Malformed { get; } = [];

        public override string ToString() =>
            new StringBuilder().AppendJoin('\n', Malformed.Select(m => $"{m.Error} <- {m.Frame}")).ToString();
    }
}
