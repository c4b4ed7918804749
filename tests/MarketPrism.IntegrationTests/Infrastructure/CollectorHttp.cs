using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketPrism.Core.Model;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>The collector's HTTP server as a test sees it: the address from its start-up log line, scrapes and health.</summary>
public sealed partial class CollectorHttp : IDisposable
{
    private readonly HttpClient _client;

    private CollectorHttp(Uri address)
    {
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<CollectorHttp> FromLogAsync(ChildProcess collector)
    {
        var line = await collector.WaitForLineAsync("HTTP server listening on ", TimeSpan.FromSeconds(60));
        var address = Address().Match(line).Value;
        return new CollectorHttp(new Uri(address + "/"));
    }

    public Task<string> ScrapeAsync() => _client.GetStringAsync(new Uri("metrics", UriKind.Relative));

    /// <summary>A scrape with the wall-clock times its request went out and its answer came back (the collector stamps records with that clock).</summary>
    public async Task<TimedScrape> ScrapeTimedAsync()
    {
        var sent = TimeProvider.System.GetUtcNow().UtcDateTime;
        var exposition = await ScrapeAsync();
        return new TimedScrape(exposition, sent, TimeProvider.System.GetUtcNow().UtcDateTime);
    }

    public async Task<(int Status, JsonElement Body)> GetReportAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Polls a report endpoint until it answers <paramref name="status"/>; returns that report.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string path, int status, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var last = default(JsonElement);
        while (true)
        {
            var (code, body) = await GetReportAsync(path);
            if (code == status)
            {
                return body;
            }

            last = body;
            try
            {
                await Task.Delay(200, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path} never answered {status}; last answer {code}: {last}");
            }
        }
    }

    /// <summary>
    /// Waits until the collector has handled at least <paramref name="frames"/> data frames (normalized or ignored, every
    /// exchange and market): what the simulator reports it wrote to the collector's sockets. Control frames (acks,
    /// heartbeats) are in neither count. Returns the scrape that showed it.
    /// </summary>
    public async Task<string> WaitForFramesAsync(long frames, TimeSpan timeout)
    {
        var exposition = "";
        double handled = 0;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                exposition = await ScrapeAsync();
                handled = Sum(exposition, "marketprism_frames_received_total") + Sum(exposition, "marketprism_frames_ignored_total");
                return handled >= frames;
            },
            $"the collector to handle the {frames} frames the simulator sent (last seen {handled})",
            TimeSpan.FromMilliseconds(200),
            timeout);
        return exposition;
    }

    /// <summary>
    /// Waits until every scheduler job of the collector (funding, open interest polls...) has succeeded at least once:
    /// from then on its REST clients hold the connections they keep in steady state.
    /// </summary>
    public Task WaitForEveryJobToSucceedAsync(TimeSpan? timeout = null) =>
        Eventually.WaitUntilAsync(
            async () =>
            {
                // Every job's series exists from registration on, at 0 until its first success.
                var successes = (await ScrapeAsync()).Split('\n')
                    .Where(line => line.StartsWith("marketprism_job_last_success_timestamp_seconds{", StringComparison.Ordinal))
                    .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
                    .ToList();
                return successes.Count > 0 && successes.All(time => time > 0);
            },
            "every collector job to succeed once",
            TimeSpan.FromMilliseconds(200),
            timeout);

    /// <summary>The sum of every sample of a metric (all label sets).</summary>
    public static double Sum(string exposition, string metric)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>The value of one sample line (exact name and labels), or 0 when absent.</summary>
    public static double Sample(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>
    /// Asserts that for every data type, the records of <paramref name="exchange"/> in the store are exactly what
    /// <c>marketprism_messages_total{status="ok"}</c> counted at the scrape. The collector goes on polling REST (open
    /// interest, funding, ratios) until it stops, after the scrape, so the store may hold records received after it:
    /// the count must cover every record received before the scrape went out (less a second for a record parsed
    /// while the scrape was being answered) and none received after its answer. For streams that ended before the
    /// scrape both bounds are the whole count, so the check stays exact.
    /// </summary>
    public static void AssertEveryStoredRecordCounted(TimedScrape scrape, IReadOnlyCollection<MarketRecord> records, string exchange)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        var settled = scrape.SentAt - TimeSpan.FromSeconds(1);
        foreach (var type in WireNames.AllDataTypes)
        {
            var ofType = records.Where(record => record.ExchangeName == exchange && record.DataType == type).ToList();
            var before = ofType.Count(record => record.LocalTimestamp < settled);
            var byAnswer = ofType.Count(record => record.LocalTimestamp <= scrape.AnsweredAt);
            var counted = Sample(scrape.Exposition, $"marketprism_messages_total{{exchange=\"{exchange}\",data_type=\"{type.ToWireName()}\",status=\"ok\"}}");
            Assert.True(
                before <= counted && counted <= byAnswer,
                $"{exchange} {type.ToWireName()}: {counted} counted, but {before} stored were received before the scrape and {byAnswer} by its answer ({ofType.Count} stored in all)");
        }
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("http://[0-9.:\\[\\]a-z]+")]
    private static partial Regex Address();
}
