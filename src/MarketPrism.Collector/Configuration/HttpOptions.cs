namespace MarketPrism.Collector.Configuration;

/// <summary>The collector's HTTP server for /metrics and /health (config section <c>http</c>).</summary>
public sealed class HttpOptions
{
    /// <summary>Whether the HTTP server runs. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address to bind: an IP address, <c>localhost</c>, or <c>0.0.0.0</c> for every interface. Default: 127.0.0.1 (loopback only).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to bind; 0 picks a free port (the log line says which). Default: 9090.</summary>
    public int Port { get; set; } = 9090;

    /// <summary>
    /// Also export <c>marketprism_symbol_messages_total</c> with a <c>symbol</c> label: one series per symbol and data
    /// type, so leave it off for hundreds of symbols unless your Prometheus can take it. Default: false.
    /// </summary>
    public bool PerSymbolMetrics { get; set; }
}
