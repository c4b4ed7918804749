using System.Net;
using System.Text.Json;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Health;
using MarketPrism.Collector.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace MarketPrism.Collector.Http;

/// <summary>
/// The collector's HTTP server on Kestrel: <c>/metrics</c> (Prometheus text format from the collector's own
/// registry), <c>/health</c> (200 healthy or degraded / 503 unhealthy, JSON with the reasons) and <c>/ready</c> (200 only when
/// every stream is subscribed and every book synced). Binds loopback unless configured otherwise. Every
/// endpoint is read-only: any method but GET and HEAD is answered 405 with <c>Allow: GET, HEAD</c>.
/// </summary>
internal sealed class CollectorHttpServer : IAsyncDisposable
{
    private const string AllowHeader = "GET, HEAD";

    private static readonly string[] AllowedMethods = [HttpMethods.Get, HttpMethods.Head];

    private readonly WebApplication _app;

    private CollectorHttpServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address actually bound (port 0 resolved).</summary>
    public Uri Address { get; }

    public static async Task<CollectorHttpServer> StartAsync(
        HttpOptions options, CollectorMetrics metrics, HealthState health, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ResolveAddress(options.Host), options.Port));
        builder.Services.AddHealthChecks()
            .AddCheck("collector", new ReportCheck(health.Evaluate, "healthy"), tags: ["health"])
            .AddCheck("ready", new ReportCheck(health.EvaluateReadiness, "ready"), tags: ["ready"]);

        var app = builder.Build();
        app.Use(RejectUnsafeMethods);
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapHealthChecks("/health", ChecksTagged("health"));
        app.MapHealthChecks("/ready", ChecksTagged("ready"));
        app.MapMethods("/", AllowedMethods, () => Results.Text("MarketPrism collector: /metrics /health /ready\n"));
        await app.StartAsync(cancellationToken);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CollectorHttpServer(app, new Uri(bound));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Answers anything but GET and HEAD with 405 before it reaches an endpoint: <c>/metrics</c> and the health checks
    /// are mapped for every method, so a POST used to be served as if it were a GET, telling a misdirected client
    /// (or a probe) that its write was accepted.
    /// </summary>
    private static Task RejectUnsafeMethods(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = AllowHeader;
        return Task.CompletedTask;
    }

    private static IPAddress ResolveAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        _ => IPAddress.Parse(host),
    };

    private static HealthCheckOptions ChecksTagged(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteReportAsync,
    };

    private static Task WriteReportAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = report.Entries.Values.Select(entry => entry.Data.TryGetValue("report", out var value) ? value : null).OfType<Health.HealthReport>().FirstOrDefault();
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthReport, context.RequestAborted);
    }

    /// <summary>Adapts a collector report to an ASP.NET Core health check, carrying the whole report as data.</summary>
    private sealed class ReportCheck(Func<Health.HealthReport> evaluate, string goodStatus) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var report = evaluate();
            var data = new Dictionary<string, object> { ["report"] = report };
            var description = report.Reasons.Count == 0 ? report.Status : string.Join("; ", report.Reasons);
            // Degraded (streams quiet on live connections) answers 200 like healthy; only a failure answers 503.
            return Task.FromResult(report.Status == goodStatus
                ? HealthCheckResult.Healthy(description, data)
                : report.Status == "degraded"
                    ? HealthCheckResult.Degraded(string.Join("; ", report.Warnings), data: data)
                    : HealthCheckResult.Unhealthy(description, data: data));
        }
    }
}
