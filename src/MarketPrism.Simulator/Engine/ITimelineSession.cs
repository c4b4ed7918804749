namespace MarketPrism.Simulator.Engine;

/// <summary>
/// A venue's recorded session as the timeline drives it: an ordered list of events at offsets from the session's
/// start, replayed once or in loops. The session renders frames and keeps the truth; the timeline only paces.
/// </summary>
internal interface ITimelineSession
{
    /// <summary>Number of events in one pass.</summary>
    int EventCount { get; }

    /// <summary>Length of one pass: the next pass starts this long after the previous one started (recorded time).</summary>
    TimeSpan LoopSpan { get; }

    /// <summary>Recorded time of an event from the start of the pass; non-decreasing in index order.</summary>
    TimeSpan OffsetOf(int index);

    /// <summary>Whether an event belongs to the first pass only (frames that precede the truth's starting point).</summary>
    bool IsFirstPassOnly(int index);

    /// <summary>Prepares pass <paramref name="pass"/> (0 first): id and time shifts, and any frames that join two passes.</summary>
    ValueTask BeginPassAsync(int pass, CancellationToken cancellationToken);

    /// <summary>Generates one event: updates the truth and publishes the frame to its stream's subscribers.</summary>
    ValueTask EmitAsync(int index, CancellationToken cancellationToken);
}
