namespace MarketPrism.Collector.Rest;

/// <summary>A successful REST response body and when it arrived.</summary>
public sealed record RestResponse(byte[] Body, DateTime ReceivedAt);
