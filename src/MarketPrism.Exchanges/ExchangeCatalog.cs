using System.Diagnostics.CodeAnalysis;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Exchanges.Bybit;
using MarketPrism.Exchanges.Coinbase;
using MarketPrism.Exchanges.Deribit;
using MarketPrism.Exchanges.Okx;

namespace MarketPrism.Exchanges;

/// <summary>
/// The one list of exchange plug-ins. Adding an exchange adds one line here; everything else (config validation,
/// feeds, <c>normalize</c>, metrics) reaches the exchange through its <see cref="IExchangePlugin"/>.
/// </summary>
public static class ExchangeCatalog
{
    private static readonly IExchangePlugin[] Plugins =
    [
        new BinancePlugin(),
        new BybitPlugin(),
        new OkxPlugin(),
        new DeribitPlugin(),
        new CoinbasePlugin(),
    ];

    public static IReadOnlyList<IExchangePlugin> All => Plugins;

    /// <summary>Exchange names, for config validation and messages.</summary>
    public static IReadOnlyList<string> Exchanges { get; } = Array.ConvertAll(Plugins, plugin => plugin.Exchange);

    public static bool TryGet(string exchange, [NotNullWhen(true)] out IExchangePlugin? plugin)
    {
        plugin = Array.Find(Plugins, candidate => candidate.Exchange == exchange);
        return plugin is not null;
    }

    public static IExchangePlugin Get(string exchange) =>
        TryGet(exchange, out var plugin)
            ? plugin
            : throw new ArgumentException($"MarketPrism has no '{exchange}' exchange; it knows {string.Join(", ", Exchanges)}.", nameof(exchange));
}
