using System.Runtime.InteropServices;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// Turns SIGINT/SIGTERM into a cancellation: the first signal asks for a graceful stop, a second one exits at once
/// (an operator who presses Ctrl+C twice means it).
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action _onForcedExit;
    private int _signals;

    public StopSignal(Action onForcedExit)
    {
        _onForcedExit = onForcedExit;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, Handle));
        }
    }

    public CancellationToken Token => _stop.Token;

    public string? Reason { get; private set; }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            Reason = context.Signal.ToString();
            _stop.Cancel();
            return;
        }

        _onForcedExit();
        Environment.Exit(130);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }
}
