using MarketPrism.Exchanges.Symbols;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// One exchange as a plug-in: everything the collector, <c>normalize</c> and the configuration need to know about it,
/// reached through this one object so that no code outside the exchange's folder names the exchange. Its markets
/// (<see cref="IExchangeVenue"/>, one per market type) carry the wire details; the plug-in carries what spans the
/// markets (the symbol convention, the venue-only config options, how its captures are recognized, ...).
/// </summary>
/// <remarks>
/// The interface is partial: each concern (configuration, captures, ...) adds its members in its own file,
/// <c>IExchangePlugin.&lt;Concern&gt;.cs</c>, and each venue implements them in a matching partial file of its plug-in
/// class. Adding an exchange means adding its folder and one line in <see cref="ExchangeCatalog"/>.
/// </remarks>
public partial interface IExchangePlugin
{
    /// <summary>Lower-case exchange name as written in configs, keys and subjects, e.g. <c>binance</c>.</summary>
    string Exchange { get; }

    /// <summary>The markets of this exchange the collector can connect to, one per market type.</summary>
    IReadOnlyList<IExchangeVenue> Markets { get; }

    /// <summary>How the exchange spells instruments.</summary>
    ISymbolConvention Symbols { get; }
}
