namespace MarketPrism.Simulator.Engine;

/// <summary>What the gate decided for one REST request.</summary>
internal enum RestVerdict
{
    Allowed,
    InjectedTooManyRequests,
    Banned,
    WeightExceeded,
}

/// <summary>The gate's decision and the numbers the response carries.</summary>
/// <param name="Verdict">Whether to serve the request, and if not, why.</param>
/// <param name="UsedWeight">Weight used in the current minute (after this request when allowed).</param>
/// <param name="RetryAfterSeconds">Value of <c>Retry-After</c> for refused requests.</param>
/// <param name="BanUntil">End of the ban for <see cref="RestVerdict.Banned"/>.</param>
/// <param name="InsideBanWindow">The request arrived while an earlier 418's ban was running.</param>
/// <param name="InsideRetryAfterWindow">The request arrived before an earlier 429's Retry-After had passed.</param>
internal readonly record struct RestAdmission(
    RestVerdict Verdict,
    int UsedWeight,
    int RetryAfterSeconds,
    DateTimeOffset BanUntil,
    bool InsideBanWindow,
    bool InsideRetryAfterWindow);
