namespace MarketPrism.Collector.Pipeline;

/// <summary>
/// How often a sink wants to be written to: at most one write per <see cref="Interval"/>, combining every batch that
/// came meanwhile, unless <see cref="MaxRecords"/> records (or half the memory queue) are waiting, which forces the
/// write at once. ClickHouse wants few large inserts (each one is a part on disk that must be merged), so its runner
/// waits; the other sinks write every batch as it comes.
/// </summary>
/// <param name="Interval">The least time between the starts of two writes while the sink keeps up.</param>
/// <param name="MaxRecords">Records that force an early write, and the most one write combines.</param>
public sealed record WriteCadence(TimeSpan Interval, int MaxRecords);
