using System.Diagnostics.CodeAnalysis;
using Cronos;
using MarketPrism.Core.Configuration;

namespace MarketPrism.Collector.Scheduling;

/// <summary>
/// When a job runs: every fixed interval (<c>30s</c>, <c>15m</c>, <c>1h</c>) or at the times of a cron expression
/// (five fields, or six with seconds; UTC), e.g. <c>*/5 * * * *</c> or <c>0 0 */8 * * *</c>.
/// </summary>
public sealed class JobSchedule
{
    private readonly TimeSpan? _interval;
    private readonly CronExpression? _cron;

    private JobSchedule(string text, TimeSpan? interval, CronExpression? cron)
    {
        Text = text;
        _interval = interval;
        _cron = cron;
    }

    public string Text { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out JobSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must be a duration such as 30s, 15m, 1h, or a cron expression such as */5 * * * *";
            return false;
        }

        var trimmed = text.Trim();
        if (DurationText.TryParse(trimmed, out var interval))
        {
            if (interval < TimeSpan.FromSeconds(1))
            {
                error = $"`{trimmed}` is shorter than one second";
                return false;
            }

            schedule = new JobSchedule(trimmed, interval, null);
            error = null;
            return true;
        }

        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is 5 or 6 && CronExpression.TryParse(trimmed, format, out var cron))
        {
            schedule = new JobSchedule(trimmed, null, cron);
            error = null;
            return true;
        }

        error = $"`{trimmed}` is neither a duration (30s, 15m, 1h) nor a cron expression (5 fields, or 6 with seconds)";
        return false;
    }

    /// <summary>The first run time strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        if (_interval is { } interval)
        {
            return after + interval;
        }

        return _cron!.GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;
    }

    /// <summary>The usual time between runs (for a cron schedule, measured from <paramref name="from"/>), for staleness checks.</summary>
    public TimeSpan TypicalInterval(DateTimeOffset from)
    {
        if (_interval is { } interval)
        {
            return interval;
        }

        var first = Next(from);
        var second = Next(first);
        return second == DateTimeOffset.MaxValue ? TimeSpan.FromDays(365) : second - first;
    }

    public override string ToString() => Text;
}
