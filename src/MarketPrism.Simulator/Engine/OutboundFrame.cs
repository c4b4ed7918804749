namespace MarketPrism.Simulator.Engine;

/// <summary>
/// One generated frame, rendered once and shared by every connection it goes to. It holds the combined form
/// (<c>{"stream":..,"data":..}</c> on Binance); the raw form is the slice holding the data object, so both cost
/// one buffer. Frames replayed unchanged point straight into the capture file's bytes.
/// </summary>
internal sealed class OutboundFrame
{
    private readonly ReadOnlyMemory<byte> _combined;
    private readonly int _dataStart;
    private readonly int _dataLength;

    public OutboundFrame(ReadOnlyMemory<byte> combined, int dataStart, int dataLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataStart + dataLength, combined.Length);
        _combined = combined;
        _dataStart = dataStart;
        _dataLength = dataLength;
    }

    /// <summary>The frame as sent on a combined-stream connection.</summary>
    public ReadOnlyMemory<byte> Combined => _combined;

    /// <summary>The frame as sent on a raw-stream connection.</summary>
    public ReadOnlyMemory<byte> Raw => _combined.Slice(_dataStart, _dataLength);
}
