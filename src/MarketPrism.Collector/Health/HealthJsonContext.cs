using System.Text.Json.Serialization;

namespace MarketPrism.Collector.Health;

/// <summary>
/// The /health and /ready bodies, serialized by generated code (snake_case names, indented): no reflection, so the
/// native (AOT) build serves the same JSON as the JIT one.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
