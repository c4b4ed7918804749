using System.Text;
using MarketPrism.Simulator.Binance;

namespace MarketPrism.Tests.Simulator.Binance;

public sealed class BinanceFrameScannerTests
{
    [Fact]
    public void A_recorded_combined_frame_yields_its_stream_data_span_number_positions_and_levels()
    {
        var recordedFrame = RecordedSession.Futures.FramesOf("sushiusdt@depth@100ms")[0];
        var recorded = recordedFrame.Payload;
        var bytes = Encoding.UTF8.GetBytes(recorded);

        Assert.True(BinanceFrameScanner.TryScan(bytes, out var frame, out var error), error);

        Assert.Equal("sushiusdt@depth@100ms", frame.Stream);
        Assert.Equal(RecordedSession.Futures.FramesOf("sushiusdt@depth@100ms")[0].DataText, recorded.Substring(frame.DataStart, frame.DataLength));
        foreach (var name in new[] { "E", "T", "U", "u", "pu" })
        {
            var field = frame.Numbers[name];
            Assert.Equal(field.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), recorded.Substring(field.Start, field.Length));
        }

        Assert.Equal("depthUpdate", frame.EventType);
        Assert.Equal("SUSHIUSDT", frame.Symbol);
        var firstBid = recordedFrame.Data.GetProperty("b")[0];
        Assert.Equal(recordedFrame.Data.GetProperty("b").GetArrayLength(), frame.Bids!.Count);
        Assert.Equal(firstBid[0].GetString(), frame.Bids[0].Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(firstBid[1].GetString(), frame.Bids[0].Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_raw_frame_is_its_own_data_object()
    {
        const string raw = """{"u":499869768,"s":"NKNUSDT","b":"0.35210000","B":"672.00000000","a":"0.35260000","A":"3199.00000000"}""";

        Assert.True(BinanceFrameScanner.TryScan(Encoding.UTF8.GetBytes(raw), out var frame, out _));

        Assert.Null(frame.Stream);
        Assert.Equal((0, raw.Length), (frame.DataStart, frame.DataLength));
        Assert.Equal(BinanceEventKind.BookTicker, BinanceSessionLoader.Classify(frame));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"stream":"x","data":{"b":[["1"]]}}""")]
    [InlineData("[1,2]")]
    public void Unreadable_frames_are_reported_not_thrown(string text)
    {
        Assert.False(BinanceFrameScanner.TryScan(Encoding.UTF8.GetBytes(text), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
