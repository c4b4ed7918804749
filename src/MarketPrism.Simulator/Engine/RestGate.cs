namespace MarketPrism.Simulator.Engine;

/// <summary>
/// Admission for one venue's REST endpoints: injected 429/418 faults, ban and Retry-After windows, and the
/// request-weight budget per minute and client address (fixed calendar minutes, as Binance counts
/// <c>X-MBX-USED-WEIGHT-1M</c>). Ban and Retry-After windows apply to the whole venue: the simulator's clients
/// share one address in practice.
/// </summary>
internal sealed class RestGate
{
    private readonly int _weightLimitPerMinute;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Minute, int Used)> _weights = new(StringComparer.Ordinal);
    private RestFaultStatus? _fault;
    private int _faultRemaining;
    private DateTimeOffset _faultUntil;
    private TimeSpan _faultRetryAfter;
    private DateTimeOffset _banUntil;
    private DateTimeOffset _retryAfterUntil;
    private TimeSpan _delay;
    private int _delayRemaining;
    private DateTimeOffset _delayUntil;
    private long _delayed;
    private long _weightExceeded;

    public RestGate(int weightLimitPerMinute, TimeProvider time)
    {
        _weightLimitPerMinute = weightLimitPerMinute;
        _time = time;
    }

    public int WeightLimitPerMinute => _weightLimitPerMinute;

    /// <summary>Responses held back by the slow-REST fault.</summary>
    public long Delayed => Interlocked.Read(ref _delayed);

    /// <summary>Requests refused with 429 because the client went over its weight budget (injected 429s excluded).</summary>
    public long WeightExceeded => Interlocked.Read(ref _weightExceeded);

    /// <summary>
    /// From now on, hold the response to the next <paramref name="count"/> requests, or to every request for
    /// <paramref name="duration"/>, for <paramref name="delay"/> after the request was admitted.
    /// </summary>
    public void InjectDelay(TimeSpan delay, int? count, TimeSpan? duration)
    {
        lock (_gate)
        {
            _delay = delay;
            _delayRemaining = count ?? 0;
            _delayUntil = duration is { } d ? _time.GetUtcNow() + d : DateTimeOffset.MinValue;
        }
    }

    /// <summary>How long to hold this request's response (zero when the slow-REST fault is not in force); counts it.</summary>
    public TimeSpan TakeDelay()
    {
        lock (_gate)
        {
            if (_delayRemaining > 0)
            {
                _delayRemaining--;
            }
            else if (_time.GetUtcNow() >= _delayUntil)
            {
                return TimeSpan.Zero;
            }

            _delayed++;
            return _delay;
        }
    }

    /// <summary>
    /// From now on, answer <paramref name="status"/> to the next <paramref name="count"/> requests, or to every
    /// request for <paramref name="duration"/>; each answer carries <paramref name="retryAfter"/>.
    /// </summary>
    public void Inject(RestFaultStatus status, int? count, TimeSpan? duration, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            _fault = status;
            _faultRemaining = count ?? 0;
            _faultUntil = duration is { } d ? _time.GetUtcNow() + d : DateTimeOffset.MinValue;
            _faultRetryAfter = retryAfter;
        }
    }

    public RestAdmission Admit(string client, int weight)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var insideBan = now < _banUntil;
            var insideRetryAfter = now < _retryAfterUntil;
            var minute = now.ToUnixTimeSeconds() / 60;
            var used = _weights.TryGetValue(client, out var counter) && counter.Minute == minute ? counter.Used : 0;

            if (insideBan)
            {
                // A banned address keeps getting 418 until the ban ends, as Binance does.
                return new RestAdmission(RestVerdict.Banned, used, SecondsUntil(_banUntil, now), _banUntil, true, insideRetryAfter);
            }

            if (_fault is { } fault && (_faultRemaining > 0 || now < _faultUntil))
            {
                if (_faultRemaining > 0)
                {
                    _faultRemaining--;
                }

                var retryAfter = SecondsCeiling(_faultRetryAfter);
                if (fault == RestFaultStatus.Banned)
                {
                    _banUntil = now + _faultRetryAfter;
                    return new RestAdmission(RestVerdict.Banned, used, retryAfter, _banUntil, false, insideRetryAfter);
                }

                _retryAfterUntil = now + _faultRetryAfter;
                return new RestAdmission(RestVerdict.InjectedTooManyRequests, used, retryAfter, default, false, insideRetryAfter);
            }

            if (used + weight > _weightLimitPerMinute)
            {
                var nextMinute = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
                _retryAfterUntil = nextMinute;
                _weightExceeded++;
                return new RestAdmission(RestVerdict.WeightExceeded, used, SecondsUntil(nextMinute, now), default, false, insideRetryAfter);
            }

            used += weight;
            _weights[client] = (minute, used);
            return new RestAdmission(RestVerdict.Allowed, used, 0, default, false, insideRetryAfter);
        }
    }

    private static int SecondsUntil(DateTimeOffset until, DateTimeOffset now) => SecondsCeiling(until - now);

    private static int SecondsCeiling(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
