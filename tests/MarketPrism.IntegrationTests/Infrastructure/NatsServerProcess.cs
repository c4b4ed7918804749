using System.Globalization;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// A nats-server with JetStream of the test's own, on a free port with its store in the test directory, so the test
/// can kill it and bring it back (same port, same store) without disturbing any other test.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _storeDirectory;
    private readonly string _workingDirectory;
    private ChildProcess? _process;
    private TempDirectory? _owned;

    private NatsServerProcess(string binary, string storeDirectory, string workingDirectory, int port)
    {
        _binary = binary;
        _storeDirectory = storeDirectory;
        _workingDirectory = workingDirectory;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server with a fresh store in a directory of its own, deleted with it.</summary>
    public static async Task<NatsServerProcess> StartAsync()
    {
        var binary = TestServers.NatsServerBinary();
        var directory = new TempDirectory();
        var server = new NatsServerProcess(binary, directory.Combine("nats-store"), directory.Path, TestServers.FreePort()) { _owned = directory };
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the server (again) on the same port and store, and waits until it accepts clients.</summary>
    public async Task StartAgainAsync()
    {
        _process = ChildProcess.Start(
            _binary,
            ["-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", _storeDirectory],
            _workingDirectory);
        await _process.WaitForLineAsync("Server is ready", TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL: the server vanishes mid-stream, as in a crash or a lost host.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Every message of <paramref name="stream"/>: its <c>Nats-Msg-Id</c>, in stream order.</summary>
    public async Task<List<string>> ReadMessageIdsAsync(string stream)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = Url, Name = "marketprism-test-reader" });
        var js = new NatsJSContext(connection);
        var info = await js.GetStreamAsync(stream);
        var expected = info.Info.State.Messages;
        var ids = new List<string>();
        if (expected == 0)
        {
            return ids;
        }

        var consumer = await js.CreateOrderedConsumerAsync(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token))
        {
            ids.Add(message.Headers?["Nats-Msg-Id"].ToString() ?? "");
            if (ids.Count == expected)
            {
                break;
            }
        }

        return ids;
    }

    /// <summary>Messages the stream holds now (0 while it does not exist).</summary>
    public async Task<long> CountAsync(string stream)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = Url, Name = "marketprism-test-reader" });
        try
        {
            return (await new NatsJSContext(connection).GetStreamAsync(stream)).Info.State.Messages;
        }
        catch (NatsJSApiException)
        {
            return 0;
        }
    }

    public string Output => _process?.Output ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(20));
            await _process.DisposeAsync();
            _process = null;
        }

        _owned?.Dispose();
    }
}
