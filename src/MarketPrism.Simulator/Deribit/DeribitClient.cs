using System.Net.WebSockets;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Deribit;

/// <summary>
/// What the simulated Deribit remembers about one connection: its heartbeat. After <c>public/set_heartbeat</c> the
/// server sends a <c>test_request</c> every interval; a client that has not answered the previous one with
/// <c>public/test</c> by then is disconnected (docs.deribit.com, public/set_heartbeat: "If your software fails to do
/// so, the API server will immediately close the connection").
/// </summary>
internal sealed class DeribitClient : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ITimer? _heartbeat;
    private bool _awaitingTest;
    private long _testRequests;
    private long _answered;

    public DeribitClient(SimConnection connection, TimeProvider time)
    {
        Connection = connection;
        _time = time;
    }

    public SimConnection Connection { get; }

    /// <summary>test_request messages sent so far.</summary>
    public long TestRequestsSent => Interlocked.Read(ref _testRequests);

    /// <summary>test_request messages answered with <c>public/test</c> before the next beat.</summary>
    public long TestRequestsAnswered => Interlocked.Read(ref _answered);

    /// <summary>Starts (or restarts) the heartbeat at <paramref name="interval"/>.</summary>
    public void SetHeartbeat(TimeSpan interval)
    {
        lock (_gate)
        {
            _heartbeat?.Dispose();
            _awaitingTest = false;
            _heartbeat = _time.CreateTimer(static state => ((DeribitClient)state!).Beat(), this, interval, interval);
        }
    }

    public void DisableHeartbeat()
    {
        lock (_gate)
        {
            _heartbeat?.Dispose();
            _heartbeat = null;
            _awaitingTest = false;
        }
    }

    /// <summary>The client called <c>public/test</c>: the outstanding test_request is answered.</summary>
    public void Tested()
    {
        lock (_gate)
        {
            if (_awaitingTest)
            {
                _awaitingTest = false;
                Interlocked.Increment(ref _answered);
            }
        }
    }

    public void Dispose() => DisableHeartbeat();

    private void Beat()
    {
        lock (_gate)
        {
            if (_heartbeat is null)
            {
                return;
            }

            if (_awaitingTest)
            {
                _heartbeat.Dispose();
                _heartbeat = null;
                Connection.RequestClose(
                    WebSocketCloseStatus.PolicyViolation, "heartbeat test_request not answered", "closed: heartbeat test_request not answered");
                return;
            }

            _awaitingTest = true;
            Interlocked.Increment(ref _testRequests);
        }

        _ = Connection.SendReplyAsync(DeribitFrames.TestRequest).AsTask();
    }
}
