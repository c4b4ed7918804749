using System.Text;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Core.Serialization;

public sealed class UtcTimestampTests
{
    [Theory]
    [InlineData(0L, "2021-10-12T08:30:01.123000Z")]
    [InlineData(4_560L, "2021-10-12T08:30:01.123456Z")]
    [InlineData(4_567L, "2021-10-12T08:30:01.123456Z")]
    [InlineData(7L, "2021-10-12T08:30:01.123000Z")]
    public void Microsecond_precision_keeps_every_microsecond_and_round_trips(long extraTicks, string text)
    {
        var time = new DateTime(2021, 10, 12, 8, 30, 1, 123, DateTimeKind.Utc).AddTicks(extraTicks);
        Span<byte> buffer = stackalloc byte[UtcTimestamp.IsoLength];

        Assert.True(UtcTimestamp.TryFormatIso(time, buffer, out var written, TimestampPrecision.Microseconds));
        Assert.Equal(text, Encoding.ASCII.GetString(buffer[..written]));
        Assert.True(UtcTimestamp.TryParseIso(buffer[..written], out var back));
        Assert.Equal(time.AddTicks(-(extraTicks % 10)), back);
    }

    [Theory]
    [InlineData(0L, "2021-10-12T08:30:01.123Z")]
    [InlineData(4_567L, "2021-10-12T08:30:01.123Z")]
    [InlineData(9_999L, "2021-10-12T08:30:01.123Z")]
    public void Millisecond_precision_always_writes_three_fraction_digits(long extraTicks, string text)
    {
        var time = new DateTime(2021, 10, 12, 8, 30, 1, 123, DateTimeKind.Utc).AddTicks(extraTicks);
        Span<byte> buffer = stackalloc byte[UtcTimestamp.IsoLength];

        Assert.True(UtcTimestamp.TryFormatIso(time, buffer, out var written));
        Assert.Equal(text, Encoding.ASCII.GetString(buffer[..written]));
    }
}
