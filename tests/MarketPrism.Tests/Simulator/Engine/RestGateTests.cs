using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class RestGateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 1, 1, 0, 0, 30, TimeSpan.Zero));

    [Fact]
    public void Weight_is_counted_per_client_and_calendar_minute()
    {
        var gate = new RestGate(100, _clock);

        var a1 = gate.Admit("a", 60);
        var b1 = gate.Admit("b", 60);
        var a2 = gate.Admit("a", 60);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var a3 = gate.Admit("a", 60);

        Assert.Equal((RestVerdict.Allowed, 60), (a1.Verdict, a1.UsedWeight));
        Assert.Equal((RestVerdict.Allowed, 60), (b1.Verdict, b1.UsedWeight));
        Assert.Equal((RestVerdict.WeightExceeded, 60, 30), (a2.Verdict, a2.UsedWeight, a2.RetryAfterSeconds));
        Assert.Equal((RestVerdict.Allowed, 60), (a3.Verdict, a3.UsedWeight));
    }

    [Fact]
    public void A_counted_fault_answers_that_many_requests()
    {
        var gate = new RestGate(1000, _clock);
        gate.Inject(RestFaultStatus.TooManyRequests, count: 2, duration: null, retryAfter: TimeSpan.FromSeconds(2));

        var verdicts = Enumerable.Range(0, 3).Select(_ => gate.Admit("a", 1)).ToList();

        Assert.Equal([RestVerdict.InjectedTooManyRequests, RestVerdict.InjectedTooManyRequests, RestVerdict.Allowed], verdicts.Select(v => v.Verdict));
        Assert.Equal([false, true, true], verdicts.Select(v => v.InsideRetryAfterWindow));
        Assert.Equal(2, verdicts[0].RetryAfterSeconds);
    }

    [Fact]
    public void A_ban_refuses_everything_until_it_ends_and_flags_requests_inside_it()
    {
        var gate = new RestGate(1000, _clock);
        gate.Inject(RestFaultStatus.Banned, count: 1, duration: null, retryAfter: TimeSpan.FromMinutes(2));

        var banned = gate.Admit("a", 1);
        _clock.Advance(TimeSpan.FromSeconds(90));
        var during = gate.Admit("a", 1);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var after = gate.Admit("a", 1);

        Assert.Equal((RestVerdict.Banned, false), (banned.Verdict, banned.InsideBanWindow));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-121).AddMinutes(2), banned.BanUntil);
        Assert.Equal((RestVerdict.Banned, true, 30), (during.Verdict, during.InsideBanWindow, during.RetryAfterSeconds));
        Assert.Equal((RestVerdict.Allowed, false), (after.Verdict, after.InsideBanWindow));
    }

    [Fact]
    public void A_slow_rest_fault_for_a_duration_delays_every_request_until_it_ends()
    {
        var gate = new RestGate(1000, _clock);
        gate.InjectDelay(TimeSpan.FromSeconds(3), count: null, duration: TimeSpan.FromSeconds(10));

        var first = gate.TakeDelay();
        _clock.Advance(TimeSpan.FromSeconds(9));
        var second = gate.TakeDelay();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var after = gate.TakeDelay();

        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.Zero], [first, second, after]);
        Assert.Equal(2, gate.Delayed);
    }

    [Fact]
    public void A_counted_slow_rest_fault_delays_that_many_requests()
    {
        var gate = new RestGate(1000, _clock);
        gate.InjectDelay(TimeSpan.FromSeconds(2), count: 2, duration: null);

        var delays = Enumerable.Range(0, 3).Select(_ => gate.TakeDelay()).ToList();

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.Zero], delays);
    }

    [Fact]
    public void Requests_over_the_weight_budget_are_counted_apart_from_injected_429s()
    {
        var gate = new RestGate(100, _clock);
        gate.Inject(RestFaultStatus.TooManyRequests, count: 1, duration: null, retryAfter: TimeSpan.FromSeconds(1));

        gate.Admit("a", 60);
        gate.Admit("a", 60);
        gate.Admit("a", 60);

        Assert.Equal(1, gate.WeightExceeded);
    }
}
