using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Bybit;

namespace MarketPrism.Tests.Exchanges.Bybit;

/// <summary>Whole recorded files through one parser, in order: every frame is understood and the counts add up.</summary>
public sealed class BybitFrameParserCaptureTests
{
    [Fact]
    public void The_tardis_messages_all_parse_and_give_every_derivative_data_type()
    {
        var parser = new BybitFrameParser(BybitSymbols.CreateTable(MarketType.Perpetual, []));
        var records = new List<MarketRecord>();
        var kinds = new List<FrameKind>();

        foreach (var frame in BybitRecordings.Frames(BybitRecordings.Tardis))
        {
            kinds.Add(parser.Parse(frame.Payload, BybitRecordings.ReceiveTime, records).Kind);
        }

        Assert.Equal(15, kinds.Count);
        Assert.DoesNotContain(FrameKind.Malformed, kinds);

        // Ignored: only the dated contract's delta that changes no recorded field.
        Assert.Equal([10], kinds.Select((kind, index) => (kind, line: index + 1)).Where(x => x.kind == FrameKind.Ignored).Select(x => x.line));
        var counts = records.GroupBy(record => record.DataType).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(4, counts[DataType.Trade]);
        Assert.Equal(3, counts[DataType.BestBidAsk]);
        Assert.Equal(2, counts[DataType.BookDelta]);
        Assert.Equal(3, counts[DataType.FundingRate]);
        Assert.Equal(3, counts[DataType.MarkPrice]);
        Assert.Equal(4, counts[DataType.OpenInterest]);
        Assert.Equal(3, counts[DataType.Liquidation]);
        Assert.Equal(
            ["BTC-USD", "BTC-USDC", "BTC-USDT", "GALA-USDT", "LTC-USDT", "PIPPIN-USDT", "XRP-USD"],
            records.Select(record => record.SymbolName).Distinct().Order(StringComparer.Ordinal));
    }
}
