using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>Every frame of every recorded OKX file, each through the parser of its own market.</summary>
public sealed class OkxFrameParserCaptureTests
{
    public static TheoryData<string> Files => [OkxRecordings.Capture, OkxRecordings.SwapTardis, OkxRecordings.FuturesTardis, OkxRecordings.SpotTardis];

    [Theory]
    [MemberData(nameof(Files))]
    public void No_recorded_frame_is_malformed(string file)
    {
        var failures = new List<string>();
        foreach (var frame in OkxRecordings.Frames(file))
        {
            var (result, _) = OkxRecordings.Parse(OkxRecordings.MarketOf(frame), frame);
            if (result.Kind == FrameKind.Malformed)
            {
                failures.Add($"{frame.LineNumber}: {result.Error}");
            }
        }

        Assert.Empty(failures);
    }

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
