using System.Text;

namespace MarketPrism.Simulator.Binance;

/// <summary>Binance's combined-stream wrapper: <c>{"stream":"&lt;name&gt;","data":&lt;payload&gt;}</c>.</summary>
internal static class CombinedFrame
{
    private static readonly byte[] StreamPrefix = "{\"stream\":\""u8.ToArray();
    private static readonly byte[] DataPrefix = "\",\"data\":"u8.ToArray();

    /// <summary>Wraps a data object; returns the combined bytes and where the data starts in them.</summary>
    public static (byte[] Combined, int DataStart) Wrap(string stream, ReadOnlySpan<byte> data)
    {
        var nameLength = Encoding.UTF8.GetByteCount(stream);
        var buffer = new byte[StreamPrefix.Length + nameLength + DataPrefix.Length + data.Length + 1];
        var position = 0;
        StreamPrefix.CopyTo(buffer, position);
        position += StreamPrefix.Length;
        position += Encoding.UTF8.GetBytes(stream, buffer.AsSpan(position));
        DataPrefix.CopyTo(buffer, position);
        position += DataPrefix.Length;
        var dataStart = position;
        data.CopyTo(buffer.AsSpan(position));
        position += data.Length;
        buffer[position] = (byte)'}';
        return (buffer, dataStart);
    }
}
