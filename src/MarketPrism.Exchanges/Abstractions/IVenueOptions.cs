namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// One entry's exchange-only options (the <c>options:</c> map of an <c>exchanges[]</c> entry), created by
/// <see cref="IExchangePlugin.CreateOptions"/> with its defaults and bound from the config by the collector. What they
/// change in a market's streams and rules, the market applies itself (<see cref="IExchangeVenue.Configure"/>).
/// </summary>
public interface IVenueOptions
{
    /// <summary>Reports every value the exchange does not accept.</summary>
    /// <param name="path">
    /// Key path of the options map, e.g. <c>exchanges[1].options</c>; a key's path is <c>{path}.{key}</c>.
    /// </param>
    void Validate(string path, IConfigReport report);
}
