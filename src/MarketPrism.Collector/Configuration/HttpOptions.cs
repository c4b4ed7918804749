namespace MarketPrism.Collector.Configuration;

/// <summary>The collector's HTTP server for /metrics and /health (config section <c>http</c>).</summary>
public sealed class HttpOptions
{
    /// <summary>Whether the HTTP server runs. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address to bind; only loopback unless configured otherwise. Default: 127.0.0.1.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to bind. Default: 9090.</summary>
    public int Port { get; set; } = 9090;
}
