namespace MarketPrism.Collector.Scheduling;

/// <summary>What one run of a job did.</summary>
/// <param name="Attempted">Units of work tried (requests, streams checked).</param>
/// <param name="Failed">How many failed.</param>
/// <param name="FirstError">The first failure's reason, for logs and /health.</param>
public readonly record struct JobResult(int Attempted, int Failed, string? FirstError)
{
    public bool Succeeded => Failed == 0;

    public static JobResult operator +(JobResult left, JobResult right) =>
        new(left.Attempted + right.Attempted, left.Failed + right.Failed, left.FirstError ?? right.FirstError);

    public static JobResult Add(JobResult left, JobResult right) => left + right;
}
