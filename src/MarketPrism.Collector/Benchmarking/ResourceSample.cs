namespace MarketPrism.Collector.Benchmarking;

/// <summary>One reading of a process's resources.</summary>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="ResidentBytes">Resident set size.</param>
/// <param name="GcHeapBytes">Managed heap size after the last collection (-1 for another process).</param>
/// <param name="Sockets">Open sockets (-1 where the platform does not tell).</param>
/// <param name="Handles">Open file descriptors / handles.</param>
/// <param name="CpuTime">Processor time used so far, all threads.</param>
public readonly record struct ResourceSample(
    TimeSpan Elapsed,
    long ResidentBytes,
    long GcHeapBytes,
    int Sockets,
    int Handles,
    TimeSpan CpuTime);
