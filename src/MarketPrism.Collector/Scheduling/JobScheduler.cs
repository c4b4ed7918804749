using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Scheduling;

/// <summary>
/// Runs the scheduler jobs. Each job has one loop, so two runs of a job never overlap: a run that outlasts its
/// interval makes the missed occurrences be skipped (counted), not queued. Times are kept on the schedule (a fixed
/// interval does not drift by the run's duration). The first run waits a random start-up jitter so collectors and
/// jobs started together spread their requests. Every run's outcome, duration and time are reported.
/// </summary>
public sealed class JobScheduler(IReadOnlyList<ScheduledJob> jobs, ICollectorTelemetry telemetry, ILogger logger, TimeProvider time, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public IReadOnlyList<ScheduledJob> Jobs => jobs;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(jobs.Select(job => RunJobAsync(job, cancellationToken)));

    private async Task RunJobAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        telemetry.JobRegistered(job.Name, job.Schedule.TypicalInterval(time.GetUtcNow()));
        try
        {
            var jitter = TimeSpan.FromTicks((long)(_random.NextDouble() * job.StartJitter.Ticks));
            await Task.Delay(jitter, time, cancellationToken);
            var scheduled = time.GetUtcNow();
            if (job.RunAtStart)
            {
                await RunOnceAsync(job, cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                scheduled = job.Schedule.Next(scheduled);
                var skipped = 0;
                while (scheduled <= time.GetUtcNow())
                {
                    skipped++;
                    scheduled = job.Schedule.Next(scheduled);
                }

                if (skipped > 0)
                {
                    telemetry.JobSkipped(job.Name, skipped);
                    CollectorLog.JobSkipped(logger, job.Name, skipped);
                }

                var wait = scheduled - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                await RunOnceAsync(job, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        JobResult result;
        try
        {
            result = await job.Run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            result = new JobResult(1, 1, ex.Message);
        }

        var elapsed = time.GetElapsedTime(started);
        telemetry.JobCompleted(job.Name, result, elapsed);
        if (result.Succeeded)
        {
            CollectorLog.JobSucceeded(logger, job.Name, result.Attempted, elapsed);
        }
        else
        {
            CollectorLog.JobFailed(logger, job.Name, result.Failed, result.Attempted, result.FirstError ?? "failed", elapsed);
        }
    }
}
