using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// Paces one venue's session: the recorded gap before each event divided by the speed (0 = no waiting, the
/// sockets' backpressure sets the pace), measured from the start of the pass so waits never drift. One timeline
/// per venue, shared by all its connections, as on a real exchange.
/// </summary>
internal sealed partial class VenueTimeline : IAsyncDisposable
{
    // At full speed the loop yields now and then so one venue cannot hog a thread-pool thread.
    private const int YieldEvery = 512;

    private readonly string _venue;
    private readonly ITimelineSession _session;
    private readonly TimeProvider _time;
    private readonly double _speed;
    private readonly bool _loop;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _halt = new();
    private volatile bool _halted;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _passes;
    private Task _run = Task.CompletedTask;

    public VenueTimeline(string venue, ITimelineSession session, TimeProvider time, double speed, bool loop, ILogger logger)
    {
        _venue = venue;
        _session = session;
        _time = time;
        _speed = speed;
        _loop = loop;
        _logger = logger;
    }

    public bool Started => Volatile.Read(ref _started) != 0;

    public bool Finished => _finished.Task.IsCompletedSuccessfully;

    /// <summary>Passes completed over the session.</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>Completes when a non-looping timeline has generated its last event.</summary>
    public Task WhenFinished => _finished.Task;

    /// <summary>Starts the timeline; later calls do nothing.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        LogStarted(_logger, _venue, _session.EventCount, _speed, _loop);
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>
    /// Ends the replay between two events (never inside one: the truth and the frames sent agree), as if the session
    /// had ended: the timeline is finished, connections stay open, the truth stays where it is. A looping session
    /// stops too. Before <see cref="Start"/> it does nothing.
    /// </summary>
    public void Halt()
    {
        if (!Started)
        {
            return;
        }

        _halted = true;
        _halt.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _halt.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Halting cancels only the waits between events, so an event is never cut in half.
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _halt.Token);
        try
        {
            var start = _time.GetTimestamp();
            var sinceYield = 0;
            for (var pass = 0; ; pass++)
            {
                await _session.BeginPassAsync(pass, cancellationToken);
                var passStart = _session.LoopSpan * pass;
                for (var i = 0; i < _session.EventCount; i++)
                {
                    if (pass > 0 && _session.IsFirstPassOnly(i))
                    {
                        continue;
                    }

                    if (_speed > 0)
                    {
                        var due = (passStart + _session.OffsetOf(i)) / _speed;
                        var wait = due - _time.GetElapsedTime(start);
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait, _time, waits.Token);
                        }
                    }
                    else if (++sinceYield == YieldEvery)
                    {
                        sinceYield = 0;
                        await Task.Yield();
                    }

                    if (_halted)
                    {
                        break;
                    }

                    await _session.EmitAsync(i, cancellationToken);
                }

                if (_halted)
                {
                    break;
                }

                Interlocked.Increment(ref _passes);
                if (!_loop || _session.EventCount == 0)
                {
                    break; // An empty session cannot loop: it would spin.
                }
            }

            if (_halted)
            {
                LogHalted(_logger, _venue);
            }
            else
            {
                LogFinished(_logger, _venue);
            }

            _finished.TrySetResult();
        }
        catch (OperationCanceledException) when (_halted && !cancellationToken.IsCancellationRequested)
        {
            LogHalted(_logger, _venue);
            _finished.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _finished.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            LogFailed(_logger, _venue, ex);
            _finished.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: timeline started ({Events} events per pass, speed {Speed}, loop {Loop})")]
    private static partial void LogStarted(ILogger logger, string venue, int events, double speed, bool loop);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: session finished; connections stay open")]
    private static partial void LogFinished(ILogger logger, string venue);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: replay halted; connections stay open")]
    private static partial void LogHalted(ILogger logger, string venue);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Venue}: timeline failed and stopped")]
    private static partial void LogFailed(ILogger logger, string venue, Exception exception);
}
