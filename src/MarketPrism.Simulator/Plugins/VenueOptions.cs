namespace MarketPrism.Simulator.Plugins;

/// <summary>
/// The knobs of one simulated venue (its heartbeat timings, message and REST limits, protocol variants). Each venue
/// folder holds its own subclass; <see cref="SimulatorOptions"/> carries one per catalog entry and validates them
/// all, and the <c>simulate</c> CLI offers them without naming any venue.
/// </summary>
public abstract class VenueOptions
{
    protected VenueOptions(string venue)
    {
        Venue = venue;
    }

    /// <summary>The venue's name in the control API and in option keys: <c>okx</c> in <c>okx.idle_timeout</c>.</summary>
    public string Venue { get; }

    /// <summary>Every option of the venue, in the order help texts list them.</summary>
    public abstract IReadOnlyList<VenueOption> Options { get; }

    /// <summary>The option named <paramref name="key"/>, or null.</summary>
    public VenueOption? Find(string key)
    {
        foreach (var option in Options)
        {
            if (string.Equals(option.Key, key, StringComparison.Ordinal))
            {
                return option;
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option as <c>venue.key</c>.</summary>
    public void Validate()
    {
        foreach (var option in Options)
        {
            if (option.Check() is { } problem)
            {
                throw new ArgumentException($"{Venue}.{option.Key} {problem}", $"{Venue}.{option.Key}");
            }
        }
    }
}
