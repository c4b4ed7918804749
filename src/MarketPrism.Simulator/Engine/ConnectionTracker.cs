using System.Collections.Concurrent;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// The simulator's connections across venues: ids, the open ones, the recently closed ones with their reasons,
/// rate-limit violations, and waiters for tests that need to know when a connection opens or closes.
/// </summary>
internal sealed class ConnectionTracker
{
    private const int ClosedKept = 1000;
    private readonly ConcurrentDictionary<long, SimConnection> _open = new();
    private readonly Lock _gate = new();
    private readonly Queue<ClosedConnectionStatus> _closed = new();
    private readonly List<RateLimitViolation> _violations = [];
    private readonly List<(Func<ConnectionStatus, bool> Match, TaskCompletionSource<ConnectionStatus> Done)> _openWaiters = [];
    private readonly Dictionary<long, TaskCompletionSource<ClosedConnectionStatus>> _closeWaiters = [];
    private readonly Dictionary<long, ClosedConnectionStatus> _closedById = [];
    private readonly Dictionary<string, long> _sentByClosed = new(StringComparer.Ordinal);
    private long _lastId;

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Opened(SimConnection connection)
    {
        _open[connection.Id] = connection;
        var status = connection.ToStatus();
        List<TaskCompletionSource<ConnectionStatus>>? ready = null;
        lock (_gate)
        {
            for (var i = _openWaiters.Count - 1; i >= 0; i--)
            {
                if (_openWaiters[i].Match(status))
                {
                    (ready ??= []).Add(_openWaiters[i].Done);
                    _openWaiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(done => done.TrySetResult(status));
    }

    public void Closed(SimConnection connection, string reason, DateTimeOffset closedAt)
    {
        var status = new ClosedConnectionStatus(
            connection.Id, connection.Venue, connection.Path, connection.OpenedAt, closedAt, connection.FramesSent, reason);
        TaskCompletionSource<ClosedConnectionStatus>? waiter;
        lock (_gate)
        {
            // Moved from open to closed inside the gate, so FrameCounts sees the connection's frames exactly once.
            _open.TryRemove(connection.Id, out _);
            _sentByClosed[connection.Venue] = _sentByClosed.GetValueOrDefault(connection.Venue) + status.FramesSent;
            _closed.Enqueue(status);
            _closedById[status.Id] = status;
            while (_closed.Count > ClosedKept)
            {
                _closedById.Remove(_closed.Dequeue().Id);
            }

            _closeWaiters.Remove(connection.Id, out waiter);
        }

        waiter?.TrySetResult(status);
    }

    public void RecordViolation(RateLimitViolation violation)
    {
        lock (_gate)
        {
            _violations.Add(violation);
        }
    }

    public IEnumerable<SimConnection> OpenConnections(string? venue = null)
    {
        foreach (var connection in _open.Values)
        {
            if (venue is null || string.Equals(connection.Venue, venue, StringComparison.Ordinal))
            {
                yield return connection;
            }
        }
    }

    public bool TryGetOpen(long id, out SimConnection connection) => _open.TryGetValue(id, out connection!);

    public ConnectionStatus[] OpenStatuses()
    {
        var statuses = new List<ConnectionStatus>();
        foreach (var connection in _open.Values)
        {
            statuses.Add(connection.ToStatus());
        }

        statuses.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return [.. statuses];
    }

    public ClosedConnectionStatus[] ClosedStatuses()
    {
        lock (_gate)
        {
            return [.. _closed];
        }
    }

    /// <summary>
    /// Stream frames a venue wrote to its sockets over every connection it has had, and frames queued to its open
    /// connections and not yet written.
    /// </summary>
    public (long Sent, long Pending) FrameCounts(string venue)
    {
        lock (_gate)
        {
            var sent = _sentByClosed.GetValueOrDefault(venue);
            long pending = 0;
            foreach (var connection in _open.Values)
            {
                if (string.Equals(connection.Venue, venue, StringComparison.Ordinal))
                {
                    // Pending first: a frame written between the two reads is then counted in both, never in neither.
                    pending += connection.FramesPending;
                    sent += connection.FramesSent;
                }
            }

            return (sent, pending);
        }
    }

    public RateLimitViolation[] Violations()
    {
        lock (_gate)
        {
            return [.. _violations];
        }
    }

    /// <summary>Completes with the first open connection (already open or opening later) that matches.</summary>
    public Task<ConnectionStatus> WaitForOpenAsync(Func<ConnectionStatus, bool> match, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<ConnectionStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var connection in _open.Values)
            {
                var status = connection.ToStatus();
                if (match(status))
                {
                    return Task.FromResult(status);
                }
            }

            _openWaiters.Add((match, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when the connection has closed (at once if it already has).</summary>
    public Task<ClosedConnectionStatus> WaitForCloseAsync(long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_closedById.TryGetValue(id, out var closed))
            {
                return Task.FromResult(closed);
            }

            if (!_closeWaiters.TryGetValue(id, out var waiter))
            {
                waiter = new TaskCompletionSource<ClosedConnectionStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
                _closeWaiters[id] = waiter;
            }

            return waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
