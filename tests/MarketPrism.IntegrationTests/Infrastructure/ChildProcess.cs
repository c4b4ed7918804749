using System.Collections.Concurrent;
using System.Diagnostics;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// A real child process of the <c>marketprism</c> executable (collector or simulator), with its output captured
/// line by line so tests can wait for log lines and show them when an assertion fails.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far, in arrival order.</summary>
    public string Output => string.Join(Environment.NewLine, _lines);

    /// <summary>Starts <c>dotnet marketprism.dll &lt;arguments&gt;</c> from the test's output folder.</summary>
    public static ChildProcess StartMarketPrism(IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "marketprism.dll"), .. arguments], workingDirectory, environment);

    /// <summary>Starts any program (a server the test needs) with its output captured.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The child must not inherit overrides meant for another process of the test.
        foreach (var key in startInfo.Environment.Keys.Where(key => key.StartsWith("MARKETPRISM_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for an output line containing <paramref name="text"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout) =>
        (await WaitForLinesAsync(text, 1, timeout))[0];

    /// <summary>
    /// Waits until <paramref name="count"/> output lines contain <paramref name="text"/> (e.g. a book synced again
    /// after a resync) and returns them all, in order. Wakes on every new line; never waits longer than needed.
    /// </summary>
    public async Task<List<string>> WaitForLinesAsync(string text, int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var matches = _lines.Where(line => line.Contains(text, StringComparison.Ordinal)).ToList();
            if (matches.Count >= count)
            {
                return matches;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Process exited ({_process.ExitCode}) after printing '{text}' {matches.Count} of {count} times. Output:{Environment.NewLine}{Output}");
            }

            try
            {
                // Bounded so an exit (which prints no line) is noticed; a new line wakes it at once.
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' printed {matches.Count} of {count} times within {timeout}. Output:{Environment.NewLine}{Output}");
            }
        }
    }

    /// <summary>Sends SIGTERM, as an init system or container runtime would, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Process did not exit within {timeout}. Output:{Environment.NewLine}{Output}");
        }

        // Let the asynchronous output readers deliver the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to flush or close anything, like an OOM kill or power loss of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        _lineArrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }
}
