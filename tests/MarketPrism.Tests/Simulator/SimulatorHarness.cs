using System.Net.WebSockets;
using System.Text;
using MarketPrism.Simulator;

namespace MarketPrism.Tests.Simulator;

/// <summary>Starts the real simulator on port 0 over the recorded sessions and talks to it with real clients.</summary>
internal static class SimulatorHarness
{
    public const string Spot = "binance-spot";
    public const string Futures = "binance-futures";
    public const string BybitSpot = "bybit-spot";
    public const string BybitLinear = "bybit-linear";
    public const string OkxVenue = "okx";
    public const string HyperliquidVenue = "hyperliquid";

    public static string RecordingsDirectory => Path.Combine(AppContext.BaseDirectory, "recordings");

    /// <summary>Port 0, the recorded sessions, as fast as possible, no retiming (frames are the recorded bytes).</summary>
    public static SimulatorOptions Options(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions
        {
            Port = 0,
            RecordingsDirectory = RecordingsDirectory,
            Speed = 0,
            Retime = false,
        };
        configure?.Invoke(options);
        return options;
    }

    public static Task<RunningSimulator> StartAsync(Action<SimulatorOptions>? configure = null, TimeProvider? time = null) =>
        ExchangeSimulator.StartAsync(Options(configure), null, time, TestContext.Current.CancellationToken);

    /// <summary>A token that gives up after <paramref name="seconds"/>, so a broken simulator fails the test instead of hanging it.</summary>
    public static CancellationToken Within(int seconds = 20)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source.Token;
    }

    public static Uri WebSocketUri(RunningSimulator simulator, string pathAndQuery) =>
        new($"ws://{simulator.BaseAddress.Authority}{pathAndQuery}");

    public static async Task<ClientWebSocket> ConnectAsync(RunningSimulator simulator, string pathAndQuery, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUri(simulator, pathAndQuery), cancellationToken);
        return socket;
    }

    public static HttpClient Http(RunningSimulator simulator) => new() { BaseAddress = simulator.BaseAddress };

    public static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>The next text message, or null when the server closed the connection.</summary>
    public static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Complete the close handshake, as a well-behaved client does.
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                }

                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    /// <summary>Receives until <paramref name="count"/> messages have arrived; giving up says how many did.</summary>
    public static async Task<List<string>> ReceiveManyAsync(WebSocket socket, int count, CancellationToken cancellationToken)
    {
        var messages = new List<string>(count);
        try
        {
            while (messages.Count < count)
            {
                messages.Add(await ReceiveAsync(socket, cancellationToken) ?? throw new InvalidOperationException(
                    $"The server closed the connection after {messages.Count} of {count} messages ({socket.CloseStatus}: {socket.CloseStatusDescription})."));
            }
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up waiting after {messages.Count} of {count} messages.", ex);
        }

        return messages;
    }
}
