using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Validation;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>Parses a polled REST response body into records.</summary>
/// <param name="body">The response body.</param>
/// <param name="localTimestamp">Receive time.</param>
/// <param name="context">Latest state the parser may need (e.g. the mark price for open interest value).</param>
/// <param name="output">Records are appended here.</param>
public delegate void RestPollParser(ReadOnlySpan<byte> body, DateTime localTimestamp, IPollContext context, List<MarketRecord> output);

/// <summary>A REST endpoint polled on a schedule, e.g. Binance <c>/fapi/v1/premiumIndex</c> for funding.</summary>
/// <param name="Job">The scheduler job that runs it: <c>funding_rate</c> or <c>open_interest</c>.</param>
/// <param name="Instrument">The instrument polled.</param>
/// <param name="Request">The request.</param>
/// <param name="Parse">Turns the body into records; throws <see cref="FormatException"/> when it cannot.</param>
public sealed record RestPoll(string Job, Instrument Instrument, RestRequest Request, RestPollParser Parse)
{
    /// <summary>
    /// <see cref="Parse"/>, then <see cref="RecordValidator"/> on every record it produced: a body with an impossible
    /// value gives no records and throws <see cref="FormatException"/> with the reason, like any other bad body.
    /// </summary>
    public void ParseValidated(ReadOnlySpan<byte> body, DateTime localTimestamp, IPollContext context, List<MarketRecord> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = output.Count;
        Parse(body, localTimestamp, context, output);
        if (FrameParsing.CheckRecords(output, start) is { } impossible)
        {
            output.RemoveRange(start, output.Count - start);
            throw new FormatException(impossible);
        }
    }
}

/// <summary>What a poll parser may ask the runtime.</summary>
public interface IPollContext
{
    /// <summary>The latest mark price seen for the instrument on any stream or poll, or null.</summary>
    decimal? GetMarkPrice(Instrument instrument);
}
