using System.Net;

namespace MarketPrism.Tests.TestSupport;

/// <summary>
/// An HTTP handler that answers from a script, for unit tests of client-side policy (retry timing, budgets, breaker)
/// under a fake clock. Behaviour against a real server is covered by the simulator integration tests.
/// </summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();
    private readonly Lock _lock = new();

    public List<(string Path, DateTimeOffset At)> Requests { get; } = [];

    public TimeProvider? Clock { get; init; }

    /// <summary>What to answer once the script runs out.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage> Default { get; set; } = _ => Ok("{}");

    public void Enqueue(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        lock (_lock)
        {
            _answers.Enqueue(answer);
        }
    }

    public static HttpResponseMessage Ok(string body, int usedWeight = 0)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
        if (usedWeight > 0)
        {
            response.Headers.Add("X-MBX-USED-WEIGHT-1M", usedWeight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    public static HttpResponseMessage Status(int status, string body = "{}", TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body) };
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        }

        return response;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, HttpResponseMessage> answer;
        lock (_lock)
        {
            Requests.Add((request.RequestUri!.PathAndQuery, Clock?.GetUtcNow() ?? default));
            answer = _answers.Count > 0 ? _answers.Dequeue() : Default;
        }

        return Task.FromResult(answer(request));
    }
}
