using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>A captured REST response recognized as a request the collector makes (see <see cref="IExchangePlugin.RecognizeRestResponse"/>).</summary>
/// <param name="Instrument">
/// The instrument the request names; null when only the body tells (a venue whose requests are POSTs to one address,
/// Hyperliquid's <c>/info</c>, whose captures keep the address but not the body that named the instrument).
/// </param>
/// <param name="Request">
/// The request as the collector makes it (its count parameters may differ from the capture's); for a body-told
/// capture, the one request the venue's parser reads it as.
/// </param>
/// <param name="Parse">Turns the body into records, as the collector does; throws <see cref="FormatException"/> when it cannot.</param>
public sealed record CapturedRestResponse(Instrument? Instrument, RestRequest Request, RestPollParser Parse)
{
    /// <summary>
    /// <see cref="Parse"/>, then the shared record checks: a body with an impossible value gives no records and throws
    /// <see cref="FormatException"/> with the reason, exactly as a polled body does in the collector.
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
