using System.Net;
using System.Threading.RateLimiting;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Exchanges.Abstractions;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Rest;

/// <summary>
/// REST access to one exchange market. Requests pass a weight budget per minute (<c>max_requests_per_minute</c>)
/// and a request rate per second (<c>api_rate_limit</c>); a 429 pauses every request to the exchange for the
/// server's <c>Retry-After</c>, and a 418 (IP ban) pauses them until the ban ends. Callers retry on their own schedule.
/// </summary>
public sealed class VenueRestClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly string _exchange;
    private readonly TokenBucketRateLimiter _weightBudget;
    private readonly TokenBucketRateLimiter _requestRate;
    private readonly IFeedTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxWeightPerMinute;
    private readonly string _baseAddress;
    private long _pausedUntilTicks;

    public VenueRestClient(
        string exchange,
        Uri baseAddress,
        int maxWeightPerMinute,
        int maxRequestsPerSecond,
        IFeedTelemetry telemetry,
        ILogger logger,
        TimeProvider time,
        HttpMessageHandler? handler = null)
    {
        _exchange = exchange;
        _maxWeightPerMinute = maxWeightPerMinute;
        _telemetry = telemetry;
        _logger = logger;
        _time = time;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        // Requests are joined as text so a base with a path (a proxy, the simulator's /binance/spot) keeps it;
        // HttpClient would resolve "/api/v3/depth" against the host root.
        _baseAddress = baseAddress.ToString().TrimEnd('/');
        _http.Timeout = RequestTimeout;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("MarketPrism/0.1");
        _weightBudget = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = maxWeightPerMinute,
            TokensPerPeriod = Math.Max(1, maxWeightPerMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        _requestRate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = maxRequestsPerSecond,
            TokensPerPeriod = maxRequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public async Task<RestResponse> GetAsync(RestRequest request, CancellationToken cancellationToken)
    {
        await WaitWhilePausedAsync(cancellationToken);
        var waitStarted = _time.GetTimestamp();
        // A request heavier than the whole budget could never be granted; it takes the whole budget instead.
        using (var weightLease = await _weightBudget.AcquireAsync(Math.Clamp(request.Weight, 1, _maxWeightPerMinute), cancellationToken))
        using (var rateLease = await _requestRate.AcquireAsync(1, cancellationToken))
        {
            if (!weightLease.IsAcquired || !rateLease.IsAcquired)
            {
                throw new RestRequestException($"{request.Endpoint}: local rate limiter refused the request.");
            }
        }

        var waited = _time.GetElapsedTime(waitStarted);
        if (waited > TimeSpan.FromMilliseconds(1))
        {
            _telemetry.RestRateLimiterWaited(waited);
        }

        // A pause may have started while this request waited for budget.
        await WaitWhilePausedAsync(cancellationToken);
        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(new Uri(_baseAddress + request.PathAndQuery), HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is TaskCanceledException ? $"timed out after {RequestTimeout.TotalSeconds:0} s" : ex.Message;
            _telemetry.RestRequestFailed(request.Endpoint, ErrorType.Network, reason);
            throw new RestRequestException($"{request.Endpoint}: {reason}", null, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            _telemetry.RestRequestCompleted(request.Endpoint, status, _time.GetElapsedTime(started));
            if (response.IsSuccessStatusCode)
            {
                return new RestResponse(body, _time.GetUtcNow().UtcDateTime, _time.GetTimestamp());
            }

            if (response.StatusCode is HttpStatusCode.TooManyRequests or (HttpStatusCode)418)
            {
                var pause = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } until ? until - _time.GetUtcNow() : DefaultBackoff);
                Pause(pause);
                CollectorLog.RestRateLimited(_logger, _exchange, request.Endpoint, status, pause);
            }

            var text = System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
            _telemetry.RestRequestFailed(request.Endpoint, ErrorClassifier.ForHttpStatus(status), text);
            throw new RestRequestException($"{request.Endpoint}: HTTP {status} {text}", status);
        }
    }

    private void Pause(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var until = _time.GetUtcNow().UtcTicks + duration.Ticks;
        long current;
        do
        {
            current = Interlocked.Read(ref _pausedUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pausedUntilTicks, until, current) != current);
    }

    private async Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = Interlocked.Read(ref _pausedUntilTicks) - _time.GetUtcNow().UtcTicks;
            if (remaining <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromTicks(remaining), _time, cancellationToken);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _weightBudget.Dispose();
        _requestRate.Dispose();
    }
}
