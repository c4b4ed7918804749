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

