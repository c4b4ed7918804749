namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>A <c>/metrics</c> exposition and the wall-clock times (UTC) its request was sent and its answer received.</summary>
public sealed record TimedScrape(string Exposition, DateTime SentAt, DateTime AnsweredAt);
