namespace MarketPrism.Simulator.Engine;

/// <summary>
/// One generated frame, rendered once and shared by every connection it goes to. It holds the combined form
/// (<c>{"stream":..,"data":..}</c> on Binance); the raw form is the slice holding the data object, so both cost
/// one buffer. Frames replayed unchanged point straight into the capture file's bytes.
/// </summary>
/// <remarks>
/// Venues that number every message of a connection (Coinbase Advanced Trade's <c>sequence_num</c>) cannot share one
/// rendering: such a frame leaves out the number and says where it goes (<see cref="SequenceAt"/>), and the
/// connection writes its own counter there as the frame leaves its queue, so the numbers follow the wire order.
/// </remarks>
internal sealed class OutboundFrame
{
    private readonly ReadOnlyMemory<byte> _combined;
    private readonly int _dataStart;
    private readonly int _dataLength;

    public OutboundFrame(ReadOnlyMemory<byte> combined, int dataStart, int dataLength)
        : this(combined, dataStart, dataLength, sequenceAt: -1)
    {
    }

    private OutboundFrame(ReadOnlyMemory<byte> combined, int dataStart, int dataLength, int sequenceAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataStart + dataLength, combined.Length);
        _combined = combined;
        _dataStart = dataStart;
        _dataLength = dataLength;
        SequenceAt = sequenceAt;
    }

    /// <summary>
    /// Stands for a message the venue numbered and then lost (the "drop one message" fault): nothing is sent, but the
    /// connection's message counter moves on, so the client sees a gap in the numbers.
    /// </summary>
    public static OutboundFrame SequenceSkip { get; } = new(ReadOnlyMemory<byte>.Empty, 0, 0, sequenceAt: -2);

    /// <summary>
    /// Where the connection's message number is written into the frame (a byte offset: the number goes between the
    /// bytes before and after it), or -1 when the frame is sent as it is.
    /// </summary>
    public int SequenceAt { get; }

    /// <summary>True for <see cref="SequenceSkip"/>.</summary>
    public bool IsSequenceSkip => SequenceAt == -2;

    /// <summary>A frame whose connection writes its own message number at byte <paramref name="sequenceAt"/> (raw form only).</summary>
    public static OutboundFrame Sequenced(ReadOnlyMemory<byte> frame, int sequenceAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceAt);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequenceAt, frame.Length);
        return new OutboundFrame(frame, 0, frame.Length, sequenceAt);
    }

    /// <summary>The frame as sent on a combined-stream connection.</summary>
    public ReadOnlyMemory<byte> Combined => _combined;

    /// <summary>The frame as sent on a raw-stream connection.</summary>
    public ReadOnlyMemory<byte> Raw => _combined.Slice(_dataStart, _dataLength);
}
