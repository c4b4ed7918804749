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

    public StreamChannel(string name) => Name = name;

    public string Name { get; }

    /// <summary>Whether the venue's session produces frames on this stream (false for names nobody generates).</summary>
    public bool HasSource { get; set; }

    /// <summary>Frames generated on this stream, sent or not.</summary>
    public long Generated => Volatile.Read(ref _generated);

    public SimConnection[] Subscribers => Volatile.Read(ref _subscribers);

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
        for (var i = 0; i < subscribers.Length; i++)
        {
            if (subscribers[i].TryEnqueue(frame))
            {
                continue;
            }

            if (waitForRoom)
            {
                return PublishSlowAsync(subscribers, i, frame, cancellationToken);
            }

            subscribers[i].DropSlowConsumer();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Counts a frame that was generated but deliberately not sent (an injected gap).</summary>
    public void CountGenerated() => Volatile.Write(ref _generated, _generated + 1);

    private static async ValueTask PublishSlowAsync(SimConnection[] subscribers, int from, OutboundFrame frame, CancellationToken cancellationToken)
    {
        await subscribers[from].EnqueueAsync(frame, cancellationToken);
        for (var i = from + 1; i < subscribers.Length; i++)
        {
            if (!subscribers[i].TryEnqueue(frame))
            {
                await subscribers[i].EnqueueAsync(frame, cancellationToken);
            }
        }
    }
}
