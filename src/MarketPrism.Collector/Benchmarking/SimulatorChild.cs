using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// The exchange simulator as a separate process (<c>marketprism simulate</c>, this same executable), so the collector
/// process measured by an end-to-end run carries none of the simulator's work. Its stderr is kept (last lines) to
/// explain a failure.
/// </summary>
internal sealed class SimulatorChild : IAsyncDisposable
{
    private const string ListeningPrefix = "Simulator listening on ";
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SimulatorChild(Process process) => _process = process;

    public Process Process => _process;

    public Uri BaseAddress => _address.Task.Result;

    /// <summary>The last lines the simulator wrote, for error messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _lines);

    public static async Task<SimulatorChild> StartAsync(IEnumerable<string> arguments, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run as `dotnet marketprism.dll …` the host is dotnet itself: the child needs the assembly named again.
        if (Path.GetFileNameWithoutExtension(startInfo.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(SimulatorChild).Assembly.GetName().Name + ".dll"));
        }

        startInfo.ArgumentList.Add("simulate");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new SimulatorChild(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child._address.TrySetException(
            new InvalidOperationException($"the simulator exited before listening:{Environment.NewLine}{child.RecentOutput}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await child._address.Task.WaitAsync(startTimeout, cancellationToken);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
            && Uri.TryCreate(line[ListeningPrefix.Length..].Trim() + "/", UriKind.Absolute, out var address))
        {
            _address.TrySetResult(address);
        }

        _lines.Enqueue(line);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>Stops the simulator with SIGTERM (it closes its connections cleanly), killing it if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
                {
                    using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                    await term.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
