using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Simulator;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>The exchange simulator running as its own process (<c>marketprism simulate</c>), driven through its control API.</summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ChildProcess _process;

    private SimulatorProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Control = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Control { get; }

    public string Output => _process.Output;

    /// <summary>Starts <c>simulate --port 0 --manual-start</c> plus <paramref name="arguments"/> and waits for its address.</summary>
    public static async Task<SimulatorProcess> StartAsync(string workingDirectory, params string[] arguments)
    {
        var process = ChildProcess.StartMarketPrism(["simulate", "--port", "0", "--manual-start", .. arguments], workingDirectory);
        try
        {
            var line = await process.WaitForLineAsync("Simulator listening on ", TimeSpan.FromSeconds(60));
            var address = line[(line.IndexOf("http", StringComparison.Ordinal))..].Trim();
            return new SimulatorProcess(process, new Uri(address + "/"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public string Url(string scheme, string venuePath) =>
        $"{scheme}://{BaseAddress.Host}:{BaseAddress.Port.ToString(CultureInfo.InvariantCulture)}/{venuePath}";

    public async Task<SimulatorStatus> StatusAsync() =>
        (await Control.GetFromJsonAsync<SimulatorStatus>("sim/status", Json))!;

    /// <summary>Polls the status until <paramref name="condition"/> holds.</summary>
    public async Task<SimulatorStatus> WaitUntilAsync(Func<SimulatorStatus, bool> condition, TimeSpan timeout, string what)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await StatusAsync();
            if (condition(status))
            {
                return status;
            }

            try
            {
                await Task.Delay(200, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Simulator never reached: {what}. Last status: {JsonSerializer.Serialize(status, Json)}");
            }
        }
    }

    /// <summary>Stream frames queued to open connections and not yet written to their sockets, over every venue.</summary>
    public static long Pending(SimulatorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Venues.Sum(venue => venue.FramesPending);
    }

    /// <summary>Stream frames written to sockets, over every venue and every connection it has had (open or closed).</summary>
    public static long Sent(SimulatorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Venues.Sum(venue => venue.FramesSent);
    }

    /// <summary>
    /// Waits until the replay of every venue started has ended and every frame it generated for a connection is
    /// written to that connection's socket (nothing pending in the simulator). Then a collector stop loses nothing: its close
    /// handshake reads every frame the simulator wrote before the close, and stopping drains the pipeline into the
    /// sinks. The status returned tells how many frames were sent (<see cref="Sent"/>), to wait for in the
    /// collector's own counts.
    /// </summary>
    public Task<SimulatorStatus> WaitUntilEverythingSentAsync(TimeSpan timeout) =>
        WaitUntilAsync(
            status => status.Started && status.Venues.All(venue => !venue.Started || venue.Finished) && Pending(status) == 0,
            timeout,
            "every session started finished and every frame written to the sockets");

    /// <summary>Starts one venue's timeline, or every venue's.</summary>
    public async Task StartTimelineAsync(string? venue = null) =>
        (await Control.PostAsync(new Uri(venue is null ? "sim/start" : $"sim/start?venue={venue}", UriKind.Relative), null)).EnsureSuccessStatusCode();

    /// <summary>The simulator's true book; levels come as <c>[price, size]</c> pairs.</summary>
    public async Task<TrueBook> TrueBookAsync(string venue, string symbol, int depth)
    {
        using var document = JsonDocument.Parse(await Control.GetStringAsync(new Uri($"sim/truth/book?venue={venue}&symbol={symbol}&depth={depth}", UriKind.Relative)));
        var root = document.RootElement;
        return new TrueBook(venue, symbol, root.GetProperty("lastUpdateId").GetInt64(), Levels(root.GetProperty("bids")), Levels(root.GetProperty("asks")));
    }

    private static BookLevel[] Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(level => new BookLevel(Number(level[0]), Number(level[1]))).ToArray();

    private static decimal Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDecimal();

    public async Task<GeneratedIds> GeneratedIdsAsync(string venue, string symbol, string stream) =>
        (await Control.GetFromJsonAsync<GeneratedIds>($"sim/truth/trades?venue={venue}&symbol={symbol}&stream={stream}", Json))!;

    /// <summary>Sends one control request (a fault) and returns its answer; fails the test on an error answer.</summary>
    public async Task<JsonElement> PostAsync(string pathAndQuery)
    {
        using var response = await Control.PostAsync(new Uri(pathAndQuery, UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {pathAndQuery} answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Ends every replay between two events; the truth stays put (see the simulator's <c>/sim/halt</c>).</summary>
    public Task HaltAsync() => PostAsync("sim/halt");

    /// <summary>Every REST request the simulator answered (newest 10 000).</summary>
    public async Task<RestRequestRecord[]> RequestsAsync() =>
        (await Control.GetFromJsonAsync<RestRequestRecord[]>("sim/requests", Json))!;

    public async Task InjectGapAsync(string venue, string symbol) =>
        (await Control.PostAsync(new Uri($"sim/faults/gap?venue={venue}&symbol={symbol}", UriKind.Relative), null)).EnsureSuccessStatusCode();

    public async Task DisconnectAsync(string venue, string mode) =>
        (await Control.PostAsync(new Uri($"sim/faults/disconnect?venue={venue}&mode={mode}", UriKind.Relative), null)).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _process.TerminateAsync(TimeSpan.FromSeconds(20));
        await _process.DisposeAsync();
    }
}
