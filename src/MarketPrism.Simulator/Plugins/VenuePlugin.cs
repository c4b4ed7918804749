using MarketPrism.Simulator.Engine;

namespace MarketPrism.Simulator.Plugins;

/// <summary>
/// One simulated venue as the simulator sees it before it starts: its name, its options and how to load it from the
/// recordings. A venue folder exposes one (e.g. <c>OkxVenue.Plugin</c>) and <see cref="VenueCatalog"/> lists them.
/// </summary>
/// <param name="Name">Control-API name, e.g. <c>binance-spot</c>.</param>
/// <param name="Recordings">What its recorded sessions look like, for the "nothing to serve" message.</param>
/// <param name="CreateOptions">The venue's options with its defaults.</param>
/// <param name="TryCreate">Loads the venue's session with its options; null when the recordings hold nothing of it.</param>
internal sealed record VenuePlugin(
    string Name,
    string Recordings,
    Func<VenueOptions> CreateOptions,
    Func<VenueServices, VenueOptions, SimulatedVenue?> TryCreate)
{
    /// <summary>A plug-in whose loader takes its own options type.</summary>
    public static VenuePlugin Of<TOptions>(
        string name, string recordings, Func<TOptions> createOptions, Func<VenueServices, TOptions, SimulatedVenue?> tryCreate)
        where TOptions : VenueOptions =>
        new(name, recordings, createOptions, (services, options) => tryCreate(services, (TOptions)options));
}
