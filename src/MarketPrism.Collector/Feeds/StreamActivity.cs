using MarketPrism.Collector.Telemetry;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// How often one stream normally delivers, learned as it runs, so silence is judged against the stream's own rate: a
/// depth stream that is quiet for 30 s has stalled, a liquidation stream quiet for an hour may simply have had nothing
/// to say. The timeout is <c>factor x mean gap</c> between records, never below the floor, and undefined until enough
/// gaps were seen (a stream that never delivered is the connection watchdog's business).
/// </summary>
internal sealed class StreamActivity(StreamSubscription stream, ConnectionSupervisor supervisor)
{
    /// <summary>Gaps observed before the learned rate is trusted.</summary>
    public const int MinimumSamples = 8;

    /// <summary>Weight of the newest gap in the moving average: adapts within tens of records, ignores a single burst.</summary>
    private const double Smoothing = 0.1;

    private long _last;
    private long _lastRecord;
    private double _meanGapSeconds;
    private int _samples;

    public StreamSubscription Stream { get; } = stream;

    public ConnectionSupervisor Supervisor { get; } = supervisor;

    /// <summary>Stalls detected in a row without a record in between (0 after any record).</summary>
    public int ConsecutiveStalls { get; private set; }

    public long LastTimestamp => Volatile.Read(ref _last);

    /// <summary>When the last record arrived (0 = none yet); unlike <see cref="LastTimestamp"/>, a handled stall does not move it.</summary>
    public long LastRecordTimestamp => Volatile.Read(ref _lastRecord);

    public double MeanGapSeconds => _meanGapSeconds;

    public int Samples => _samples;

    /// <summary>A record of the stream arrived at <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp). Under the feed's gate.</summary>
    public void Touch(long timestamp, TimeProvider time)
    {
        var last = _last;
        if (last != 0 && timestamp > last)
        {
            var gap = time.GetElapsedTime(last, timestamp).TotalSeconds;
            _meanGapSeconds = _samples == 0 ? gap : _meanGapSeconds + (Smoothing * (gap - _meanGapSeconds));
            _samples++;
        }

        Volatile.Write(ref _last, timestamp);
        Volatile.Write(ref _lastRecord, timestamp);
        ConsecutiveStalls = 0;
    }

    /// <summary>The silence after which the stream counts as stalled, or null while its rate is unknown.</summary>
    public TimeSpan? StallTimeout(double factor, TimeSpan floor) =>
        _samples < MinimumSamples ? null : TimeSpan.FromSeconds(Math.Max(floor.TotalSeconds, factor * _meanGapSeconds));

    /// <summary>Longest silence awaited between two stalls of one stream, however often it has stalled in a row.</summary>
    public static readonly TimeSpan MaxStallBackoff = TimeSpan.FromHours(1);

    /// <summary>
    /// The silence after which the stream counts as stalled AGAIN: <see cref="StallTimeout"/> for the first two stalls
    /// (resubscribe, then replace the connection), then doubled with each further stall in a row, up to
    /// <see cref="MaxStallBackoff"/>; null while the rate is unknown.
    /// <para>
    /// Why: a bursty stream (an option's trades: a burst, then hours of nothing) learns a short gap from its burst, so
    /// its quiet afterwards looks like a stall. Two stalls are the detector's normal repair; if neither a resubscribe
    /// nor a new connection brought a record, the venue is most likely just quiet, and replacing a connection that
    /// carries every other stream every 30 s would only cut their data. Backing off keeps checking, rarely.
    /// </para>
    /// </summary>
    public TimeSpan? NextStallTimeout(double factor, TimeSpan floor)
    {
        if (StallTimeout(factor, floor) is not { } timeout)
        {
            return null;
        }

        var doublings = Math.Min(ConsecutiveStalls - 1, 16);
        if (doublings <= 0)
        {
            return timeout;
        }

        var backedOff = timeout.TotalSeconds * (1 << doublings);
        return TimeSpan.FromSeconds(Math.Min(backedOff, Math.Max(timeout.TotalSeconds, MaxStallBackoff.TotalSeconds)));
    }

    /// <summary>What health reads of this stream: its silence and the cadence learned for it. Off the gate; may be a record behind.</summary>
    public StreamStatus Status(string connectionId, bool connectionUp, TimeProvider time, int factor, TimeSpan floor)
    {
        var last = LastRecordTimestamp;
        return new StreamStatus(
            Stream.Name,
            InstrumentLabel.Of(Stream.Instrument),
            Stream.DataTypes,
            connectionId,
            connectionUp,
            last == 0 ? null : time.GetElapsedTime(last),
            StallTimeout(factor, floor),
            _meanGapSeconds,
            ConsecutiveStalls);
    }

    /// <summary>Marks a stall handled: the silence is measured again from now, and the next one escalates.</summary>
    public void MarkStalled(long now)
    {
        Volatile.Write(ref _last, now);
        ConsecutiveStalls++;
    }
}
