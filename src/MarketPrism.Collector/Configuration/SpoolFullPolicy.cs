namespace MarketPrism.Collector.Configuration;

/// <summary>What a sink's spool does when a batch would take it past <c>sinks.spool.max_size</c>.</summary>
public enum SpoolFullPolicy
{
    /// <summary>Delete the oldest spool segment(s) to make room; their records are counted as dropped.</summary>
    DropOldest,

    /// <summary>Keep the spool as it is and discard the new batch; its records are counted as dropped.</summary>
    DropNewest,

    /// <summary>
    /// Drop nothing: the sink's queue stops taking batches until the spool has room, which holds back the batcher and
    /// so every other sink (and, with <c>pipeline.full_mode: wait</c>, the exchange connections).
    /// </summary>
    Block,
}
