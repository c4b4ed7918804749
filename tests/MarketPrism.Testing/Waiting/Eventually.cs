namespace MarketPrism.Testing;

/// <summary>
/// Waits for an end condition that the code under test exposes only as state (a count, a flag), not as a signal.
/// The bound is generous and only turns a hang into a failure: a loaded machine makes the wait longer, never fails
/// it, and nothing is asserted about how long it took.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take in real time before the test fails.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> (every few milliseconds) until it holds; fails saying <paramref name="what"/> after <paramref name="bound"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await WaitUntilAsync(() => Task.FromResult(condition()), what, TimeSpan.FromMilliseconds(5), bound);
    }

    /// <summary>
    /// Polls an asynchronous <paramref name="condition"/> (a query to a server, a scrape) every
    /// <paramref name="interval"/> until it holds; fails saying <paramref name="what"/> after <paramref name="bound"/>.
    /// </summary>
    /// <remarks>Ends early, cancelled, when the test is cancelled.</remarks>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan interval, TimeSpan? bound = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var cancellationToken = TestContext.Current.CancellationToken;
        var limit = bound ?? DefaultBound;
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}, which never happened.");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }
}
