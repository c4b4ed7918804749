using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Exchanges.Abstractions;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace MarketPrism.Collector.Rest;

/// <summary>
/// REST access to one exchange market, built so the collector never provokes a ban:
/// <list type="number">
/// <item>the exchange gate holds every request while a 429's <c>Retry-After</c> or a 418 ban is in force;</item>
/// <item>a weight budget per minute (<c>max_requests_per_minute</c>, capped at the venue's published limit), charged
/// with each endpoint's weight and resynchronized from the venue's used-weight header (a probe before the first
/// request learns what this IP already used), and a request rate per second (<c>api_rate_limit</c>);</item>
/// <item>one Polly pipeline per endpoint: retry with exponential backoff and full jitter for network errors,
/// timeouts, 5xx and 429 (after its Retry-After) — never for other 4xx or a 418; a circuit breaker that opens on a
/// failure ratio and probes half-open; a timeout per attempt.</item>
/// </list>
/// Every failure is typed by <see cref="ErrorClassifier"/> and counted.
/// </summary>
public sealed partial class VenueRestClient : IDisposable
{
    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultBan = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;
    private readonly string _exchange;
    private readonly string _baseAddress;
    private readonly IExchangeVenue _venue;
    private readonly RestOptions _options;
    private readonly ExchangeRestGate _gate;
    private readonly FixedWindowBudget _weight;
    private readonly FixedWindowBudget _rate;
    private readonly IFeedTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Random _jitter;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<RestAttempt>> _pipelines = new(StringComparer.Ordinal);

    /// <summary>
    /// The per-attempt timeout wraps only the HTTP exchange: time spent waiting for budget or for the gate is not the
    /// server being slow, so it must not time a request out.
    /// </summary>
    private readonly ResiliencePipeline _attemptTimeout;
    private readonly SemaphoreSlim _probe = new(1, 1);
    private bool _probed;

    public VenueRestClient(
        IExchangeVenue venue,
        Uri baseAddress,
        int maxWeightPerMinute,
        int maxRequestsPerSecond,
        RestOptions options,
        ExchangeRestGate gate,
        IFeedTelemetry telemetry,
        ILogger logger,
        TimeProvider time,
        HttpMessageHandler? handler = null,
        Random? jitter = null)
    {
        _venue = venue;
        _exchange = venue.Exchange;
        _options = options;
        _gate = gate;
        _telemetry = telemetry;
        _logger = logger;
        _time = time;
        _jitter = jitter ?? Random.Shared;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        // Polly's per-attempt timeout runs on the TimeProvider; HttpClient's own would not.
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("MarketPrism/0.1");
        // Requests are joined as text so a base with a path (a proxy, the simulator's /binance/spot) keeps it;
        // HttpClient would resolve "/api/v3/depth" against the host root.
        _baseAddress = baseAddress.ToString().TrimEnd('/');
        var weightLimit = venue.RestWeightPerMinute is { } published ? Math.Min(maxWeightPerMinute, published) : maxWeightPerMinute;
        _weight = new FixedWindowBudget(weightLimit, TimeSpan.FromMinutes(1), time);
        _rate = new FixedWindowBudget(maxRequestsPerSecond, TimeSpan.FromSeconds(1), time);
        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(options.Timeout).Build();
    }

    /// <summary>Weight used in the current minute as far as this client knows (its own plus what the venue reported).</summary>
    public int UsedWeight => _weight.Used;

    public int WeightLimit => _weight.Limit;

    /// <summary>Sends a GET through the gate, the budgets and the endpoint's pipeline; throws <see cref="RestRequestException"/> when it fails for good.</summary>
    public Task<RestResponse> GetAsync(RestRequest request, CancellationToken cancellationToken) => GetAsync(request, sending: null, cancellationToken);

    /// <inheritdoc cref="GetAsync(RestRequest, CancellationToken)"/>
    /// <param name="sending">
    /// Called with the local time just before each attempt goes out, once the gate and the budgets let it: a caller
    /// whose request waited for its turn learns when the answer can start to reflect. Must be quick; runs on the
    /// sending task.
    /// </param>
    public async Task<RestResponse> GetAsync(RestRequest request, Action<DateTime>? sending, CancellationToken cancellationToken)
    {
        await ProbeOnceAsync(cancellationToken);
        var pipeline = _pipelines.GetOrAdd(request.Endpoint, CreatePipeline);
        RestAttempt attempt;
        try
        {
            attempt = await pipeline.ExecuteAsync(
                static (state, token) => state.Client.SendOnceAsync(state.Request, state.Sending, token),
                (Client: this, Request: request, Sending: sending),
                cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new RestRequestException($"{request.Endpoint}: circuit open after repeated failures; not sending for {_options.CircuitBreakDuration.TotalSeconds:0} s", null, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is TimeoutRejectedException ? $"timed out after {_options.Timeout.TotalSeconds:0.#} s" : ex.Message;
            throw new RestRequestException($"{request.Endpoint}: {reason}", null, ex);
        }

        if (attempt.IsSuccess)
        {
            return new RestResponse(attempt.Body, attempt.ReceivedAt, attempt.ReceivedTimestamp);
        }

        var text = System.Text.Encoding.UTF8.GetString(attempt.Body.AsSpan(0, Math.Min(attempt.Body.Length, 300)));
        throw new RestRequestException($"{request.Endpoint}: HTTP {attempt.Status} {text}", attempt.Status);
    }

    /// <summary>One attempt: wait for the gate and the budgets, send, account for the answer.</summary>
    private async ValueTask<RestAttempt> SendOnceAsync(RestRequest request, Action<DateTime>? sending, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var waited = await _weight.AcquireAsync(request.Weight, cancellationToken);
        waited += await _rate.AcquireAsync(1, cancellationToken);
        if (waited > TimeSpan.FromMilliseconds(1))
        {
            _telemetry.RestRateLimiterWaited(waited);
        }

        // A ban may have begun while this request waited for budget.
        await _gate.WaitAsync(cancellationToken);
        sending?.Invoke(_time.GetUtcNow().UtcDateTime);
        var started = _time.GetTimestamp();
        try
        {
            var uri = new Uri(_baseAddress + request.PathAndQuery);
            using var response = await _attemptTimeout.ExecuteAsync(
                static (state, token) => new ValueTask<HttpResponseMessage>(Send(state.Http, state.Uri, state.Request, token)),
                (Http: _http, Uri: uri, Request: request),
                cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            var attempt = new RestAttempt(status, body, RetryAfter(response.Headers), _time.GetUtcNow().UtcDateTime, _time.GetTimestamp());
            _telemetry.RestRequestCompleted(request.Endpoint, status, _time.GetElapsedTime(started));
            ResyncWeight(response.Headers);
            if (!attempt.IsSuccess)
            {
                OnFailureStatus(request, attempt);
            }

            return attempt;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _telemetry.RestRequestFailed(request.Endpoint, ErrorType.Network, ex.Message);
            throw;
        }
    }

    private void OnFailureStatus(RestRequest request, RestAttempt attempt)
    {
        var text = System.Text.Encoding.UTF8.GetString(attempt.Body.AsSpan(0, Math.Min(attempt.Body.Length, 300)));
        _telemetry.RestRequestFailed(request.Endpoint, ErrorClassifier.ForHttpStatus(attempt.Status), $"HTTP {attempt.Status} {text}");
        if (attempt.Status == 429)
        {
            var pause = attempt.RetryAfter ?? DefaultPause;
            _gate.Pause(pause);
            _telemetry.RestBlocked(attempt.Status, pause);
            CollectorLog.RestRateLimited(_logger, _exchange, request.Endpoint, attempt.Status, pause);
        }
        else if (attempt.Status == 418)
        {
            var until = attempt.RetryAfter is { } after ? _time.GetUtcNow() + after : BanEnd(text) ?? _time.GetUtcNow() + DefaultBan;
            _gate.Ban(until);
            _telemetry.RestBlocked(attempt.Status, until - _time.GetUtcNow());
            CollectorLog.RestBanned(_logger, _exchange, request.Endpoint, until, text);
        }
    }

    private ResiliencePipeline<RestAttempt> CreatePipeline(string endpoint)
    {
        static bool IsFailure(Outcome<RestAttempt> outcome) =>
            outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException
            || outcome.Result is { Status: >= 500 };

        return new ResiliencePipelineBuilder<RestAttempt> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<RestAttempt>
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                ShouldHandle = args => ValueTask.FromResult(_options.MaxRetries > 0 && (IsFailure(args.Outcome) || args.Outcome.Result is { Status: 429 })),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.AttemptNumber, args.Outcome)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? $"HTTP {args.Outcome.Result?.Status}";
                    _telemetry.RestRetrying(endpoint, args.AttemptNumber + 1, args.RetryDelay, reason);
                    CollectorLog.RestRetrying(_logger, _exchange, endpoint, args.AttemptNumber + 1, args.RetryDelay, reason);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<RestAttempt>
            {
                FailureRatio = (double)_options.CircuitFailureRatio,
                MinimumThroughput = Math.Max(2, _options.CircuitMinimumThroughput),
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = _options.CircuitBreakDuration,
                // Rate limits are the gate's business, not a broken endpoint.
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
                OnOpened = args =>
                {
                    _telemetry.CircuitStateChanged(endpoint, CircuitState.Open);
                    CollectorLog.CircuitOpened(_logger, _exchange, endpoint, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    _telemetry.CircuitStateChanged(endpoint, CircuitState.HalfOpen);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    _telemetry.CircuitStateChanged(endpoint, CircuitState.Closed);
                    CollectorLog.CircuitClosed(_logger, _exchange, endpoint);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Full jitter: uniform in [0, min(max, base x 2^attempt)]; a 429 waits out its Retry-After (the gate holds everyone else).</summary>
    private TimeSpan RetryDelay(int attempt, Outcome<RestAttempt> outcome)
    {
        if (outcome.Result is { Status: 429 } limited)
        {
            return limited.RetryAfter ?? DefaultPause;
        }

        var ceiling = Math.Min(_options.RetryMaxDelay.Ticks, _options.RetryBaseDelay.Ticks * Math.Pow(2, attempt));
        return TimeSpan.FromTicks((long)(_jitter.NextDouble() * ceiling));
    }

    /// <summary>Learns from the venue how much weight this IP used this minute before spending any (restarts, other processes).</summary>
    private async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        if (_probed || _venue.WeightProbe is not { } probe || _venue.UsedWeightHeader is null)
        {
            return;
        }

        await _probe.WaitAsync(cancellationToken);
        try
        {
            if (_probed)
            {
                return;
            }

            try
            {
                await SendOnceAsync(probe, sending: null, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // Counted as a network error already; the budget simply starts from what this client spends.
            }

            _probed = true;
        }
        finally
        {
            _probe.Release();
        }
    }

    private void ResyncWeight(HttpResponseHeaders headers)
    {
        if (_venue.UsedWeightHeader is { } name
            && headers.TryGetValues(name, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var used))
        {
            _weight.Observe(used);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseHeaders headers) =>
        headers.RetryAfter?.Delta ?? (headers.RetryAfter?.Date is { } date ? date - _time.GetUtcNow() : null);

    /// <summary>Binance's 418 body says <c>IP banned until 1637582400000</c> (ms).</summary>
    private static DateTimeOffset? BanEnd(string body) =>
        BannedUntil().Match(body) is { Success: true } match && long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    [GeneratedRegex("until (\\d{12,14})")]
    private static partial Regex BannedUntil();

    public void Dispose()
    {
        _http.Dispose();
        _probe.Dispose();
    }

    /// <summary>
    /// A GET, or a POST of the request's JSON body (<see cref="RestRequest.JsonBody"/>: a venue whose public API takes
    /// its parameters in a body, such as Hyperliquid's <c>POST /info</c>).
    /// </summary>
    private static Task<HttpResponseMessage> Send(HttpClient http, Uri uri, RestRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsPost)
        {
            return http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }

        return PostAsync(http, uri, request.JsonBody!, cancellationToken);

        static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri uri, string body, CancellationToken cancellationToken)
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            return await http.PostAsync(uri, content, cancellationToken);
        }
    }
}
