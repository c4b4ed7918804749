using System.Globalization;
using MarketPrism.Core.Configuration;

namespace MarketPrism.Simulator.Plugins;

/// <summary>What kind of value a venue option takes, so the CLI can offer it as a flag or as a value.</summary>
public enum VenueOptionKind
{
    /// <summary>A positive duration such as <c>30s</c> or <c>5m</c>.</summary>
    Duration,

    /// <summary>A positive whole number.</summary>
    Count,

    /// <summary>On or off; as a CLI flag its presence turns it on.</summary>
    Switch,
}

/// <summary>
/// One knob a simulated venue declares: its key (<c>idle_timeout</c>, set as <c>okx.idle_timeout=30s</c>), what it
/// does, how its text is read and checked, and the older CLI flag that still sets it (several venues may share one,
/// e.g. <c>--ping-interval</c>). The venue owns the value; the option only reads and writes it.
/// </summary>
public sealed class VenueOption
{
    private readonly Func<string> _current;
    private readonly Func<string, string?> _apply;
    private readonly Func<string?> _check;

    private VenueOption(
        string key, VenueOptionKind kind, string description, string? cliFlag,
        Func<string> current, Func<string, string?> apply, Func<string?> check)
    {
        Key = key;
        Kind = kind;
        Description = description;
        CliFlag = cliFlag;
        _current = current;
        _apply = apply;
        _check = check;
    }

    /// <summary>Lower-case key, unique within its venue: <c>ping_interval</c>.</summary>
    public string Key { get; }

    public VenueOptionKind Kind { get; }

    /// <summary>One sentence for help texts and docs.</summary>
    public string Description { get; }

    /// <summary>The <c>simulate</c> flag that sets this option too (e.g. <c>--ping-interval</c>), or null.</summary>
    public string? CliFlag { get; }

    /// <summary>The current value as the CLI would write it (<c>20s</c>, <c>1200</c>, <c>false</c>).</summary>
    public string CurrentText => _current();

    /// <summary>Reads <paramref name="text"/> into the option; returns null, or why the text was refused (the value is then unchanged).</summary>
    public string? TrySet(string text) => _apply(text);

    /// <summary>Null when the current value is valid, else why not (values set in code are checked here).</summary>
    public string? Check() => _check();

    public static VenueOption Duration(string key, string description, Func<TimeSpan> get, Action<TimeSpan> set, string? cliFlag = null) =>
        new(
            key,
            VenueOptionKind.Duration,
            description,
            cliFlag,
            () => DurationText.Format(get()),
            text =>
            {
                if (!DurationText.TryParse(text, out var value) || value <= TimeSpan.Zero)
                {
                    return $"'{text}' is not a duration such as 30s or 5m.";
                }

                set(value);
                return null;
            },
            () => get() is var value && value <= TimeSpan.Zero ? $"must be positive; got {value}." : null);

    public static VenueOption Count(string key, string description, Func<int> get, Action<int> set, string? cliFlag = null) =>
        new(
            key,
            VenueOptionKind.Count,
            description,
            cliFlag,
            () => get().ToString(CultureInfo.InvariantCulture),
            text =>
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
                {
                    return $"'{text}' is not a positive whole number.";
                }

                set(value);
                return null;
            },
            () => get() is var value && value <= 0 ? $"must be positive; got {value}." : null);

    public static VenueOption Switch(string key, string description, Func<bool> get, Action<bool> set, string? cliFlag = null) =>
        new(
            key,
            VenueOptionKind.Switch,
            description,
            cliFlag,
            () => get() ? "true" : "false",
            text =>
            {
                if (!bool.TryParse(text, out var value))
                {
                    return $"'{text}' is not true or false.";
                }

                set(value);
                return null;
            },
            static () => null);
}
