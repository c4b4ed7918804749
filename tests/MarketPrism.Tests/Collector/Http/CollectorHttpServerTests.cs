using System.Net;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Health;
using MarketPrism.Collector.Http;
using MarketPrism.Collector.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Tests.Collector.Http;

/// <summary>The collector's HTTP server on a real Kestrel listener (loopback, port 0), spoken to over real HTTP.</summary>
public sealed class CollectorHttpServerTests : IAsyncLifetime
{
    private CollectorHttpServer? _server;
    private readonly HttpClient _client = new();

    public async ValueTask InitializeAsync()
    {
        var metrics = new CollectorMetrics(TimeProvider.System);
        var health = new HealthState(new HealthOptions(), TimeProvider.System);
        _server = await CollectorHttpServer.StartAsync(
            new HttpOptions { Host = "127.0.0.1", Port = 0 }, metrics, health, NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
        _client.BaseAddress = _server.Address;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("POST", "/metrics")]
    [InlineData("PUT", "/health")]
    [InlineData("DELETE", "/ready")]
    [InlineData("PATCH", "/")]
    [InlineData("OPTIONS", "/metrics")]
    [InlineData("BREW", "/metrics")]
    [InlineData("POST", "/no-such-path")]
    public async Task Any_method_but_GET_and_HEAD_is_answered_405_with_the_allowed_methods(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("x=1");
        }

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/")]
    public async Task GET_and_HEAD_are_served(string path)
    {
        using var get = await _client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, new Uri(path, UriKind.Relative));
        using var head = await _client.SendAsync(headRequest, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
