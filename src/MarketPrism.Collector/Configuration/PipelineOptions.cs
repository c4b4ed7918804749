namespace MarketPrism.Collector.Configuration;

/// <summary>The record pipeline between parsers and sinks (config section <c>pipeline</c>).</summary>
public sealed class PipelineOptions
{
    /// <summary>Records the bounded channel holds. Default: 100000.</summary>
    public int ChannelCapacity { get; set; } = 100_000;

    /// <summary>
    /// What happens when the channel is full: <c>wait</c> (readers slow down; nothing is dropped),
    /// <c>drop_newest</c> or <c>drop_oldest</c> (each drop is counted). Default: wait.
    /// </summary>
    public ChannelFullMode FullMode { get; set; } = ChannelFullMode.Wait;

    /// <summary>Records per batch handed to sinks (the plan's <c>batch_size</c>). Default: 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>A partial batch is flushed after this long (the plan's <c>flush_interval</c>). Default: 1s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
