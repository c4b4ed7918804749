namespace MarketPrism.Simulator.Engine;

/// <summary>
/// One named stream of a venue (<c>nknusdt@depth@100ms</c>) and the connections listening to it. The subscriber
/// list is copied on write, so the timeline reads it without locking for every frame.
/// </summary>
internal sealed class StreamChannel
{
    private readonly Lock _gate = new();
    private SimConnection[] _subscribers = [];
    private long _generated;
    private long _stalled;
    private StreamStall? _stall;

    public StreamChannel(string name) => Name = name;

    public string Name { get; }

    /// <summary>Whether the venue's session produces frames on this stream (false for names nobody generates).</summary>
    public bool HasSource { get; set; }

    /// <summary>Frames generated on this stream, sent or not.</summary>
    public long Generated => Volatile.Read(ref _generated);

    public SimConnection[] Subscribers => Volatile.Read(ref _subscribers);

    /// <summary>Frames generated but withheld from a subscriber by the stall fault (one per frame and connection).</summary>
    public long Stalled => Interlocked.Read(ref _stalled);

    /// <summary>
    /// Stalls the stream until <paramref name="until"/>: frames are still generated, but not sent to
    /// <paramref name="connectionId"/> (or to anyone when null). Replaces a stall already running.
    /// </summary>
    public void Stall(DateTimeOffset until, long? connectionId, TimeProvider time) =>
        Volatile.Write(ref _stall, new StreamStall(until, connectionId, time));

    public void Add(SimConnection connection)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_subscribers, connection) >= 0)
            {
                return;
            }

            Volatile.Write(ref _subscribers, [.. _subscribers, connection]);
        }
    }

    public void Remove(SimConnection connection)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, connection);
            if (index < 0)
            {
                return;
            }

            var next = new SimConnection[_subscribers.Length - 1];
            Array.Copy(_subscribers, 0, next, 0, index);
            Array.Copy(_subscribers, index + 1, next, index, next.Length - index);
            Volatile.Write(ref _subscribers, next);
        }
    }

    /// <summary>
    /// Counts a generated frame and queues it to every subscriber, in order. With <paramref name="waitForRoom"/>
    /// a full queue makes the caller wait (backpressure); otherwise the lagging client is disconnected.
    /// </summary>
    public ValueTask PublishAsync(OutboundFrame frame, bool waitForRoom, CancellationToken cancellationToken)
    {
        CountGenerated();
        var subscribers = Subscribers;
        var stall = CurrentStall();
        for (var i = 0; i < subscribers.Length; i++)
        {
            if (stall is not null && Withheld(stall, subscribers[i]))
            {
                continue;
            }

            if (subscribers[i].TryEnqueue(frame))
            {
                continue;
            }

            if (waitForRoom)
            {
                return PublishSlowAsync(subscribers, i, frame, stall, cancellationToken);
            }

            subscribers[i].DropSlowConsumer();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// True when the stall in force withholds this stream's frames from <paramref name="connection"/> (counted as
    /// stalled): for venues that queue a stream's frames themselves rather than through <see cref="PublishAsync"/>.
    /// </summary>
    public bool Withholds(SimConnection connection) => CurrentStall() is { } stall && Withheld(stall, connection);

    /// <summary>Counts a frame that was generated but deliberately not sent (an injected gap).</summary>
    public void CountGenerated() => Volatile.Write(ref _generated, _generated + 1);

    /// <summary>The stall in force, or null (an expired stall is cleared here, so the common path reads one null field).</summary>
    private StreamStall? CurrentStall()
    {
        var stall = Volatile.Read(ref _stall);
        if (stall is null || !stall.IsOver)
        {
            return stall;
        }

        Interlocked.CompareExchange(ref _stall, null, stall);
        return null;
    }

    private bool Withheld(StreamStall stall, SimConnection connection)
    {
        if (!stall.Withholds(connection))
        {
            return false;
        }

        Interlocked.Increment(ref _stalled);
        return true;
    }

    private async ValueTask PublishSlowAsync(SimConnection[] subscribers, int from, OutboundFrame frame, StreamStall? stall, CancellationToken cancellationToken)
    {
        await subscribers[from].EnqueueAsync(frame, cancellationToken);
        for (var i = from + 1; i < subscribers.Length; i++)
        {
            if (stall is not null && Withheld(stall, subscribers[i]))
            {
                continue;
            }

            if (!subscribers[i].TryEnqueue(frame))
            {
                await subscribers[i].EnqueueAsync(frame, cancellationToken);
            }
        }
    }
}
