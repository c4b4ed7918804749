using System.Text;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Core.Serialization;

public sealed class UtcTimestampTests
{
    [Theory]
    [InlineData(0L, "2021-10-12T08:30:01.123Z")]
    [InlineData(4_560L, "2021-10-12T08:30:01.123456Z")]
    [InlineData(4_567L, "2021-10-12T08:30:01.123456Z")]
    [InlineData(7L, "2021-10-12T08:30:01.123Z")]
    public void Times_are_written_with_milliseconds_or_with_microseconds_when_they_have_them(long extraTicks, string text)
    {
        var time = new DateTime(2021, 10, 12, 8, 30, 1, 123, DateTimeKind.Utc).AddTicks(extraTicks);
        Span<byte> buffer = stackalloc byte[UtcTimestamp.IsoLength];

        Assert.True(UtcTimestamp.TryFormatIso(time, buffer, out var written));
        Assert.Equal(text, Encoding.ASCII.GetString(buffer[..written]));
        Assert.True(UtcTimestamp.TryParseIso(buffer[..written], out var back));
        Assert.Equal(time.AddTicks(-(extraTicks % 10)), back);
    }
}
