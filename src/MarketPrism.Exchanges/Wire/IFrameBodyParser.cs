using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// A venue's frame parser proper: reads one frame and appends its records. It may throw on input a reader API
/// rejects; <see cref="FrameParsing.Parse"/> turns that into a malformed result and drops partial output.
/// </summary>
internal interface IFrameBodyParser
{
    FrameParseResult ParseFrame(ReadOnlySpan<byte> frame, DateTime local, List<MarketRecord> output);
}
