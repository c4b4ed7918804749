namespace MarketPrism.Collector.Scheduling;

/// <summary>A job and when it runs.</summary>
/// <param name="Name">The job's name (<see cref="JobNames"/>).</param>
/// <param name="Schedule">When it runs.</param>
/// <param name="RunAtStart">Also run once right after start (after the jitter).</param>
/// <param name="StartJitter">The first run waits a random time up to this.</param>
/// <param name="Run">One run of the job's work.</param>
public sealed record ScheduledJob(string Name, JobSchedule Schedule, bool RunAtStart, TimeSpan StartJitter, Func<CancellationToken, Task<JobResult>> Run);
