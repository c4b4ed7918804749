namespace MarketPrism.Simulator.Control;

/// <summary>What a control request did.</summary>
/// <param name="Venue">The venue acted on, or null for all.</param>
/// <param name="Action">What was done, in words.</param>
/// <param name="Connections">Connections affected, where the action touches connections.</param>
/// <param name="Until">When a timed fault ends, where it has an end.</param>
internal sealed record ControlReply(string? Venue, string Action, long[]? Connections = null, DateTimeOffset? Until = null);

/// <summary>A control request that could not be done, and why.</summary>
internal sealed record ControlError(string Error);
