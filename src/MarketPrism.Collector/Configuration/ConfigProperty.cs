using System.Reflection;

namespace MarketPrism.Collector.Configuration;

/// <summary>One key of a config section.</summary>
/// <param name="Key">The YAML key: the snake_case form of the property name (<c>ws_url</c>).</param>
/// <param name="Property">The option class property the value is written to.</param>
/// <param name="Type">How the value is written.</param>
/// <param name="AllowsNull">Whether an empty value is accepted (it means "use the default", e.g. a venue URL).</param>
internal sealed record ConfigProperty(string Key, PropertyInfo Property, ConfigType Type, bool AllowsNull);
