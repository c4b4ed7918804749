using System.Text;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class SimConnectionTests
{
    [Fact]
    public void A_garbled_frame_is_cut_short_but_never_inside_a_utf8_sequence()
    {
        var payload = Encoding.UTF8.GetBytes("""{"s":"€€€€"}""");

        var garbled = SimConnection.Garble(payload);

        Assert.True(garbled.Length < payload.Length);
        Assert.Equal(Encoding.UTF8.GetString(garbled.Span), new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(garbled.Span));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(garbled));
    }
}
