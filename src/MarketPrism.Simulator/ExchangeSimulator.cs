using System.Diagnostics;
using System.Net;
using MarketPrism.Simulator.Control;
using MarketPrism.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Simulator;

/// <summary>
/// Starts MarketPrism's own exchange: a Kestrel WebSocket + REST server that speaks Binance's spot and USD-M
/// futures protocols (under <c>/binance/spot</c> and <c>/binance/futures</c>) and Bybit v5's spot and linear ones
/// (under <c>/bybit/spot</c> and <c>/bybit/linear</c>) and replays recorded sessions,
/// with a control API under <c>/sim/</c> for status, truth and fault injection.
/// </summary>
public static partial class ExchangeSimulator
{
    /// <summary>
    /// Loads the recorded sessions, starts listening and logs <c>Simulator listening on http://&lt;host&gt;:&lt;port&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The recordings directory does not exist.</exception>
    /// <exception cref="InvalidOperationException">The recordings hold no session of any venue.</exception>
    public static async Task<RunningSimulator> StartAsync(
        SimulatorOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = ResolveAddress(options.Host);
        loggerFactory ??= NullLoggerFactory.Instance;
        var time = timeProvider ?? TimeProvider.System;
        var logger = loggerFactory.CreateLogger("MarketPrism.Simulator");

        var shutdown = new CancellationTokenSource();
        var connections = new ConnectionTracker();
        var requests = new RestRequestLog();
        var services = new VenueServices(options, time, loggerFactory, connections, requests, shutdown.Token);
        var venues = new List<SimulatedVenue>();
        for (var index = 0; index < VenueCatalog.Venues.Length; index++)
        {
            var plugin = VenueCatalog.Venues[index];
            Debug.Assert(string.Equals(options.Venues[index].Venue, plugin.Name, StringComparison.Ordinal), "SimulatorOptions.Venues follows the catalog's order.");
            if (plugin.TryCreate(services, options.Venues[index]) is { } venue)
            {
                venues.Add(venue);
            }
            else
            {
                LogNoSession(logger, plugin.Name, options.RecordingsDirectory);
            }
        }

        if (venues.Count == 0)
        {
            shutdown.Dispose();
            throw new InvalidOperationException(
                $"No recorded session found under '{Path.GetFullPath(options.RecordingsDirectory)}': expected one of {VenueCatalog.DescribeRecordings()}.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ExchangeSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        // The host logs into the caller's factory, without ASP.NET Core's per-request chatter (warnings and
        // errors still come through).
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.Use(SlowRestMiddleware(venues, time));
        foreach (var venue in venues)
        {
            venue.MapEndpoints(app);
        }

        RunningSimulator? running = null;
        ControlApi.Map(app, () => running!);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            foreach (var venue in venues)
            {
                await venue.DisposeAsync();
            }

            await app.DisposeAsync();
            shutdown.Dispose();
            throw;
        }

        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Host}:{options.Port}";
        var root = listening.TrimEnd('/');
        running = new RunningSimulator(app, new Uri(root + "/"), options, [.. venues], connections, requests, shutdown);
        LogListening(logger, root);
        return running;
    }

    /// <summary>
    /// The slow-REST fault for every venue, whatever its protocol: a REST request under a venue's prefix is served as
    /// usual (admitted, its weight counted, its answer computed) but the response is held back when it starts, so the
    /// client sees a slow server, not a late request.
    /// </summary>
    private static Func<HttpContext, RequestDelegate, Task> SlowRestMiddleware(List<SimulatedVenue> venues, TimeProvider time) =>
        (context, next) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                foreach (var venue in venues)
                {
                    if (context.Request.Path.StartsWithSegments(venue.PathPrefix, StringComparison.Ordinal))
                    {
                        var delay = venue.Rest.TakeDelay();
                        if (delay > TimeSpan.Zero)
                        {
                            context.Response.OnStarting(() => HoldAsync(delay, time, context.RequestAborted));
                        }

                        break;
                    }
                }
            }

            return next(context);
        };

    private static async Task HoldAsync(TimeSpan delay, TimeProvider time, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(delay, time, aborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up waiting: nothing left to hold.
        }
    }

    private static IPAddress ResolveAddress(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new ArgumentException($"Host must be an IP address or 'localhost'; got '{host}'.", nameof(host));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator listening on {Address}")]
    private static partial void LogListening(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue}: no recorded session under {Directory}; the venue is not served")]
    private static partial void LogNoSession(ILogger logger, string venue, string directory);

    /// <summary>Hands the host's loggers to the caller's factory.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

        public void Dispose()
        {
            // The caller owns the factory.
        }
    }

    /// <summary>The simulator runs inside another program: it must not take over Ctrl+C or SIGTERM.</summary>
    private sealed class EmbeddedHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
