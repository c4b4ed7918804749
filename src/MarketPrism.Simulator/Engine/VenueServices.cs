using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Engine;

/// <summary>What every venue shares: options, clock, logging, the connection tracker and the REST request log.</summary>
internal sealed record VenueServices(
    SimulatorOptions Options,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    ConnectionTracker Connections,
    RestRequestLog Requests,
    CancellationToken Shutdown);
