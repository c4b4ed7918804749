using MarketPrism.Collector.Rest;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Collector.Rest;

public sealed class FixedWindowBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 10, TimeSpan.Zero));

    [Fact]
    public async Task Weight_within_the_minute_is_granted_at_once_and_counted()
    {
        var budget = new FixedWindowBudget(100, TimeSpan.FromMinutes(1), _time);

        await budget.AcquireAsync(50, TestContext.Current.CancellationToken);
        await budget.AcquireAsync(40, TestContext.Current.CancellationToken);

        Assert.Equal(90, budget.Used);
    }

    [Fact]
    public async Task A_request_over_the_budget_waits_for_the_next_minute()
    {
        var budget = new FixedWindowBudget(100, TimeSpan.FromMinutes(1), _time);
        await budget.AcquireAsync(90, TestContext.Current.CancellationToken);

        var waiting = budget.AcquireAsync(20, TestContext.Current.CancellationToken).AsTask();
        _time.Advance(TimeSpan.FromSeconds(49));
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1.1));
        var waited = await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(20, budget.Used);
        Assert.InRange(waited.TotalSeconds, 50, 51);
    }

    [Fact]
    public async Task The_servers_count_raises_the_local_one_so_a_restart_never_overspends()
    {
        var budget = new FixedWindowBudget(100, TimeSpan.FromMinutes(1), _time);

        budget.Observe(95);
        var waiting = budget.AcquireAsync(10, TestContext.Current.CancellationToken).AsTask();

        Assert.False(waiting.IsCompleted);
        budget.Observe(30);
        Assert.Equal(95, budget.Used);
        _time.Advance(TimeSpan.FromSeconds(51));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(10, budget.Used);
    }
}
