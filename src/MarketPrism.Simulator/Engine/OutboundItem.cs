namespace MarketPrism.Simulator.Engine;

/// <summary>An entry of a connection's send queue: a stream frame, or a reply to one of the client's requests.</summary>
internal readonly record struct OutboundItem(OutboundFrame? Frame, ReadOnlyMemory<byte> Reply)
{
    public static OutboundItem ForFrame(OutboundFrame frame) => new(frame, default);

    public static OutboundItem ForReply(ReadOnlyMemory<byte> reply) => new(null, reply);
}
