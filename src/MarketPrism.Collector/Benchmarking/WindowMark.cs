namespace MarketPrism.Collector.Benchmarking;

/// <summary>Cumulative counts at one moment of a run; two marks bound a measured window.</summary>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Frames">Frames received and handled by the collector.</param>
/// <param name="Written">Records the sink accepted.</param>
/// <param name="CollectorCpu">Processor time of the collector process.</param>
/// <param name="SimulatorCpu">Processor time of the simulator process.</param>
internal readonly record struct WindowMark(TimeSpan Elapsed, long Frames, long Written, TimeSpan CollectorCpu, TimeSpan SimulatorCpu);
