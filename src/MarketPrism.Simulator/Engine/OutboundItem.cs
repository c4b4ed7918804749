namespace MarketPrism.Simulator.Engine;

/// <summary>
/// An entry of a connection's send queue: a stream frame, or a reply to one of the client's requests. A reply
/// that acknowledges a subscription carries the streams that go live as it leaves the queue.
/// </summary>
/// <param name="ReplySequenceAt">Where the connection's message number goes into the reply, or -1 (see <see cref="OutboundFrame.SequenceAt"/>).</param>
internal readonly record struct OutboundItem(OutboundFrame? Frame, ReadOnlyMemory<byte> Reply, List<StreamChannel>? Activates, int ReplySequenceAt = -1)
{
    public static OutboundItem ForFrame(OutboundFrame frame) => new(frame, default, null);

    public static OutboundItem ForReply(ReadOnlyMemory<byte> reply, List<StreamChannel>? activates, int sequenceAt = -1) => new(null, reply, activates, sequenceAt);
}
