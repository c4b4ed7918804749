namespace MarketPrism.Sinks.Nats;

/// <summary>Where the JetStream stream keeps its messages.</summary>
public enum NatsStreamStorage
{
    /// <summary>On the server's disk: survives a server restart (the default).</summary>
    File,

    /// <summary>In the server's memory: faster, lost when the server stops.</summary>
    Memory,
}
