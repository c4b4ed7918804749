using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Pipeline.Spool;

/// <summary>Consecutive spooled batches handed out for delivery; <see cref="DiskSpool.Acknowledge"/> removes them.</summary>
/// <param name="SegmentId">The segment the frames were read from.</param>
/// <param name="EndOffset">Where the next undelivered frame starts once these are delivered.</param>
/// <param name="Frames">How many spooled batches were read.</param>
/// <param name="Records">Their records, in spool order.</param>
internal sealed record SpoolRead(long SegmentId, long EndOffset, int Frames, IReadOnlyList<MarketRecord> Records);
