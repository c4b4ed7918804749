using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Time.Testing;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class MessageRateWindowTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void The_message_over_the_limit_within_one_second_is_refused()
    {
        var window = new MessageRateWindow(5, _clock);

        var accepted = Enumerable.Range(0, 6).Select(_ => window.TryAcquire()).ToList();

        Assert.Equal([true, true, true, true, true, false], accepted);
    }

    [Fact]
    public void The_window_slides_with_the_oldest_message()
    {
        var window = new MessageRateWindow(2, _clock);

        var first = window.TryAcquire();
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        var second = window.TryAcquire();
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        var tooSoon = window.TryAcquire();
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var oneSecondAfterTheFirst = window.TryAcquire();

        Assert.Equal([true, true, false, true], [first, second, tooSoon, oneSecondAfterTheFirst]);
    }
}
