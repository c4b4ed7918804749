using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>
/// The recorded OKX capture, each frame through the parser of its own market: what it holds. (That every recorded
/// frame parses is a rule for every venue: <see cref="OkxConformanceTests"/>.)
/// </summary>
public sealed class OkxFrameParserCaptureTests
{
    [Fact]
    public void The_cryptofeed_capture_gives_its_trades_tickers_and_book_frames_and_acknowledges_every_subscription()
    {
        var counts = new Dictionary<DataType, int>();
        var acks = new List<string>();
        foreach (var frame in OkxRecordings.Frames(OkxRecordings.Capture))
        {
            var (result, records) = OkxRecordings.Parse(OkxRecordings.MarketOf(frame), frame);
            if (result.Kind == FrameKind.SubscriptionAck)
            {
                acks.Add(result.Stream!);
            }

            foreach (var record in records)
            {
                counts[record.DataType] = counts.GetValueOrDefault(record.DataType) + 1;
            }
        }

        Assert.Equal(290, counts[DataType.BookDelta]);
        Assert.Equal(74, counts[DataType.Trade]);
        Assert.Equal(28, counts[DataType.BestBidAsk]);
        Assert.Equal(18, acks.Count);
        Assert.Equal(
            ["books:BTC-USD-220527", "books:BTC-USDT", "books:UNI-USD-SWAP", "tickers:BTC-USD-220527", "tickers:BTC-USDT", "tickers:UNI-USD-SWAP", "trades:BTC-USD-220527", "trades:BTC-USDT", "trades:UNI-USD-SWAP"],
            acks.Distinct().Order(StringComparer.Ordinal));
    }
}
