using System.Reflection;
using MarketPrism.Collector.Logging;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Tests.Collector.Logging;

public sealed class CollectorLogTests
{
    [Fact]
    public void Every_log_event_has_its_own_id()
    {
        var ids = typeof(CollectorLog)
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(attribute => attribute is not null)
            .Select(attribute => attribute!.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
