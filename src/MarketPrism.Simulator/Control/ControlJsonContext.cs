using System.Text.Json.Serialization;

namespace MarketPrism.Simulator.Control;

/// <summary>Source-generated JSON for the control API (camelCase, as JSON APIs usually are).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulatorStatus))]
[JsonSerializable(typeof(RestRequestRecord[]))]
[JsonSerializable(typeof(GeneratedIds))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(ControlError))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;

/// <summary>What a control request did.</summary>
/// <param name="Venue">The venue acted on, or null for all.</param>
/// <param name="Action">What was done, in words.</param>
/// <param name="Connections">Connections affected, where the action touches connections.</param>
/// <param name="Until">When a timed fault ends, where it has an end.</param>
internal sealed record ControlReply(string? Venue, string Action, long[]? Connections = null, DateTimeOffset? Until = null);

/// <summary>A control request that could not be done, and why.</summary>
internal sealed record ControlError(string Error);
