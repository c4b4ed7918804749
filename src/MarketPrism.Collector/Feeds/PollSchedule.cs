namespace MarketPrism.Collector.Feeds;

/// <summary>When a scheduler job's REST polls run.</summary>
/// <param name="Interval">Time between runs.</param>
/// <param name="RunAtStart">Also run once right after start.</param>
internal sealed record PollSchedule(TimeSpan Interval, bool RunAtStart);
