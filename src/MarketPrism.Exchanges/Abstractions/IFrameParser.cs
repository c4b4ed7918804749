using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// Turns one raw WebSocket frame of a venue into normalized records, in place over the UTF-8 bytes. Parsers never
/// throw for bad input (they return <see cref="FrameKind.Malformed"/> with a reason) and never block. Book updates
/// come out as <see cref="BookDeltaRecord"/>; the caller routes them through the instrument's book synchronizer.
/// </summary>
/// <remarks>
/// The runtime creates one parser per connection and hands it every frame of that connection exactly once, in
/// arrival order, from one task at a time. A parser may therefore keep state from one frame to the next (Bybit merges
/// ticker deltas into the last snapshot); it must not assume it sees every frame of a stream ever sent, since a new
/// connection starts a new parser.
/// </remarks>
public interface IFrameParser
{
    /// <param name="frame">The complete frame as received.</param>
    /// <param name="localTimestamp">Receive time (UTC) stamped on every record produced.</param>
    /// <param name="output">Records produced are appended here; nothing is appended for a malformed frame.</param>
    FrameParseResult Parse(ReadOnlySpan<byte> frame, DateTime localTimestamp, List<MarketRecord> output);
}
