namespace MarketPrism.Collector.Rest;

/// <summary>A successful REST response body and when it arrived.</summary>
/// <param name="Body">The body.</param>
/// <param name="ReceivedAt">Arrival time (UTC), stamped on records as their receive time.</param>
/// <param name="ReceivedTimestamp">Arrival as a <see cref="TimeProvider"/> timestamp, for measuring processing time.</param>
public sealed record RestResponse(byte[] Body, DateTime ReceivedAt, long ReceivedTimestamp);
