using System.Text;
using MarketPrism.Core.Recordings;

namespace MarketPrism.Tests.Core.Recordings;

/// <summary>The capture formats of the Hyperliquid recordings: hftbacktest's nanosecond lines and JKorf's directed frames.</summary>
public sealed class CaptureReaderTests
{
    [Fact]
    public void A_line_of_integer_nanoseconds_and_a_frame_is_the_frame_received_at_that_time()
    {
        var entry = CaptureReader.ParseLine(Encoding.UTF8.GetBytes("""1737918843893903000 {"channel":"pong"}"""), 1);

        Assert.Equal(CaptureEntryKind.Received, entry.Kind);
        Assert.Equal("""{"channel":"pong"}""", Encoding.UTF8.GetString(entry.Payload.Span));
        Assert.Equal(1737918843.893903, entry.UnixSeconds!.Value, 6);
    }

    [Fact]
    public void A_directed_frame_is_the_frame_alone_sent_or_received()
    {
        var sent = CaptureReader.ParseLine(Encoding.UTF8.GetBytes("""{"direction":"sent","frame":{"subscription":{"type":"l2Book","coin":"HYPE"},"method":"subscribe"}}"""), 1);
        var received = CaptureReader.ParseLine(Encoding.UTF8.GetBytes("""{"direction":"received","frame":{"channel":"pong"}}"""), 2);

        Assert.Equal((CaptureEntryKind.Sent, """{"subscription":{"type":"l2Book","coin":"HYPE"},"method":"subscribe"}"""), (sent.Kind, Encoding.UTF8.GetString(sent.Payload.Span)));
        Assert.Equal((CaptureEntryKind.Received, """{"channel":"pong"}"""), (received.Kind, Encoding.UTF8.GetString(received.Payload.Span)));
    }

    [Theory]
    [InlineData("""{"direction":"sideways","frame":{}}""")]
    [InlineData("""{"direction":"sent"}""")]
    [InlineData("""{"direction":"sent","frame":{""")]
    [InlineData("""12ab {"channel":"pong"}""")]
    public void Anything_else_is_left_whole_for_the_parser_to_judge(string line)
    {
        var entry = CaptureReader.ParseLine(Encoding.UTF8.GetBytes(line), 1);

        Assert.Equal((CaptureEntryKind.Received, line), (entry.Kind, Encoding.UTF8.GetString(entry.Payload.Span)));
    }
}
