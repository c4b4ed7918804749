using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using MarketPrism.Core.Configuration;
using YamlDotNet.Serialization.NamingConventions;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// What the binder knows about one option type: its YAML keys (the snake_case forms of the property names), or how
/// its scalar text is parsed. Built once per type by reflection over the option classes, so a property added to an
/// option class is a config key, an environment variable and a documented setting without further wiring.
/// </summary>
internal sealed class ConfigType
{
    /// <summary>Why reflecting over option types is safe in a trimmed or native build.</summary>
    internal const string RootedJustification =
        "Config option types are the collector's own classes (and lists and dictionaries of them), in assemblies a "
        + "trimmed or native build roots whole (TrimmerRootAssembly in MarketPrism.Collector.csproj), so their "
        + "constructors and properties are kept.";

    private static readonly ConcurrentDictionary<Type, ConfigType> Cache = new();

    private readonly Dictionary<string, ConfigProperty> _byKey = new(StringComparer.Ordinal);

    private ConfigType(Type clrType, ConfigValueKind kind)
    {
        ClrType = clrType;
        Kind = kind;
    }

    /// <summary>The root of <c>collector.yaml</c>.</summary>
    public static ConfigType Root => Of(typeof(CollectorConfig));

    public Type ClrType { get; }

    public ConfigValueKind Kind { get; }

    /// <summary>Item type of a list, value type of a dictionary; null otherwise.</summary>
    public ConfigType? Element { get; private init; }

    /// <summary>Keys of a section, in declaration order; empty otherwise.</summary>
    public IReadOnlyList<ConfigProperty> Properties { get; private set; } = [];

    /// <summary>Accepted spellings of an enum (snake_case member names), in declaration order; empty otherwise.</summary>
    public IReadOnlyList<string> EnumNames { get; private init; } = [];

    public bool IsScalar => Kind < ConfigValueKind.List;

    /// <summary>A list whose items are single values (written comma-separated in an environment variable).</summary>
    public bool IsScalarList => Kind == ConfigValueKind.List && Element!.IsScalar;

    /// <summary>What a value of this type looks like, for "expected ..." messages and the docs.</summary>
    public string Description => Kind switch
    {
        ConfigValueKind.String => "a string",
        ConfigValueKind.Boolean => "true or false",
        ConfigValueKind.Integer => "an integer",
        ConfigValueKind.Long => "an integer",
        ConfigValueKind.Decimal => "a number",
        ConfigValueKind.Duration => "a duration such as 100ms, 30s, 15m, 1h or 1h30m",
        ConfigValueKind.ByteSize => "a size such as 512KB, 256MB, 1GB or a byte count",
        ConfigValueKind.Enum => "one of " + string.Join(", ", EnumNames),
        ConfigValueKind.List => Element!.IsScalar ? "a list of values" : "a list of entries",
        ConfigValueKind.Dictionary => "a mapping of names to entries",
        _ => "a mapping of keys",
    };

    public static ConfigType Of(Type clrType) => Cache.GetOrAdd(clrType, Create);

    public static string KeyOf(string propertyName) => UnderscoredNamingConvention.Instance.Apply(propertyName);

    public bool TryGetProperty(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigProperty? property) =>
        _byKey.TryGetValue(key, out property);

    public bool TryParseEnum(string text, out object? value)
    {
        for (var i = 0; i < EnumNames.Count; i++)
        {
            if (string.Equals(EnumNames[i], text, StringComparison.OrdinalIgnoreCase))
            {
                // GetValuesAsUnderlyingType, not GetValues: an array of the enum type needs code generated for it,
                // which a native (AOT) build does not have. Both list the values in the order of Enum.GetNames.
                value = Enum.ToObject(ClrType, Enum.GetValuesAsUnderlyingType(ClrType).GetValue(i)!);
                return true;
            }
        }

        value = null;
        return false;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = RootedJustification)]
    private static ConfigType Create(Type clrType)
    {
        if (clrType == typeof(string))
        {
            return new ConfigType(clrType, ConfigValueKind.String);
        }

        if (clrType == typeof(bool))
        {
            return new ConfigType(clrType, ConfigValueKind.Boolean);
        }

        if (clrType == typeof(int))
        {
            return new ConfigType(clrType, ConfigValueKind.Integer);
        }

        if (clrType == typeof(long))
        {
            return new ConfigType(clrType, ConfigValueKind.Long);
        }

        if (clrType == typeof(decimal))
        {
            return new ConfigType(clrType, ConfigValueKind.Decimal);
        }

        if (clrType == typeof(TimeSpan))
        {
            return new ConfigType(clrType, ConfigValueKind.Duration);
        }

        if (clrType == typeof(ByteSize))
        {
            return new ConfigType(clrType, ConfigValueKind.ByteSize);
        }

        if (clrType.IsEnum)
        {
            var names = new List<string>();
            foreach (var name in Enum.GetNames(clrType))
            {
                names.Add(KeyOf(name));
            }

            return new ConfigType(clrType, ConfigValueKind.Enum) { EnumNames = names };
        }

        if (clrType.IsGenericType && clrType.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new ConfigType(clrType, ConfigValueKind.List) { Element = Of(clrType.GetGenericArguments()[0]) };
        }

        if (clrType.IsGenericType && clrType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var arguments = clrType.GetGenericArguments();
            if (arguments[0] != typeof(string))
            {
                throw new NotSupportedException($"Config dictionaries must have string keys: {clrType}.");
            }

            return new ConfigType(clrType, ConfigValueKind.Dictionary) { Element = Of(arguments[1]) };
        }

        if (clrType.IsClass && !typeof(IEnumerable).IsAssignableFrom(clrType) && clrType.GetConstructor(Type.EmptyTypes) is not null)
        {
            var section = new ConfigType(clrType, ConfigValueKind.Section);
            var properties = new List<ConfigProperty>();
            foreach (var property in clrType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetMethod is null || property.SetMethod is null || !property.SetMethod.IsPublic)
                {
                    continue;
                }

                var (type, allowsNull) = Describe(property);
                var configProperty = new ConfigProperty(KeyOf(property.Name), property, type, allowsNull);
                properties.Add(configProperty);
                section._byKey.Add(configProperty.Key, configProperty);
            }

            section.Properties = properties;
            return section;
        }

        throw new NotSupportedException($"Config option type {clrType} has no YAML form; add it to {nameof(ConfigType)}.");
    }

    private static (ConfigType Type, bool AllowsNull) Describe(PropertyInfo property)
    {
        var underlying = Nullable.GetUnderlyingType(property.PropertyType);
        if (underlying is not null)
        {
            return (Of(underlying), true);
        }

        // NullabilityInfoContext is not thread-safe; types are described once each, so a fresh one costs nothing.
        var allowsNull = !property.PropertyType.IsValueType
            && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
        return (Of(property.PropertyType), allowsNull);
    }
}
