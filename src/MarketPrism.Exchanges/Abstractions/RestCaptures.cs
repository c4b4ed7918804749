using System.Collections.Specialized;
using System.Web;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// Recognizes a captured REST request by rebuilding the requests the collector itself makes for the instrument it
/// names (every poll of <see cref="IExchangeVenue.GetPolls"/> for every data type the market has, and the depth
/// snapshot) and finding the one it is. So a poll a venue adds is recognized in captures with no further code; a venue
/// only says which query parameter names the instrument and which only count entries.
/// </summary>
public static class RestCaptures
{
    /// <summary>Depth asked for when rebuilding the snapshot request; the count parameters are not compared anyway.</summary>
    private const int AnyDepth = 100;

    /// <param name="market">The market the capture was recorded on.</param>
    /// <param name="requestUrl">The captured request, absolute.</param>
    /// <param name="instruments">The market's instrument table, which resolves the symbol the request names.</param>
    /// <param name="symbolParameter">The query parameter naming the instrument, e.g. <c>symbol</c>.</param>
    /// <param name="countParameters">
    /// Query parameters that only say how many entries to return (levels of a depth snapshot, periods of a statistic):
    /// a capture may ask for another count than the collector and its body still reads the same.
    /// </param>
    public static CapturedRestResponse? Recognize(
        IExchangeVenue market, Uri requestUrl, InstrumentTable instruments, string symbolParameter, IReadOnlyCollection<string> countParameters)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(requestUrl);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(countParameters);
        var query = HttpUtility.ParseQueryString(requestUrl.Query);
        if (query[symbolParameter] is not { Length: > 0 } symbol)
        {
            // Every request the collector makes names one instrument; one that names none is something else
            // (exchange info, server time, a ping).
            return null;
        }

        if (!instruments.TryGet(symbol, out var instrument))
        {
            throw new FormatException($"{requestUrl.AbsolutePath} response for an unknown symbol '{symbol}'");
        }

        foreach (var poll in market.GetPolls(instrument, market.SupportedDataTypes))
        {
            if (Matches(poll.Request, requestUrl, query, countParameters))
            {
                return new CapturedRestResponse(instrument, poll.Request, poll.Parse);
            }
        }

        var depth = market.GetDepthSnapshotRequest(instrument, AnyDepth);
        return Matches(depth, requestUrl, query, countParameters)
            ? new CapturedRestResponse(instrument, depth, (body, local, _, output) => output.Add(SnapshotRecord(market, instrument, body, local)))
            : null;
    }

    /// <summary>A depth snapshot body as the record the collector writes for a book's REST snapshot.</summary>
    private static BookSnapshotRecord SnapshotRecord(IExchangeVenue market, Core.Instruments.Instrument instrument, ReadOnlySpan<byte> body, DateTime local)
    {
        var snapshot = market.ParseValidatedDepthSnapshot(body, local);
        return BookSnapshotRecord.OfWholeBook(instrument, snapshot.Timestamp, snapshot.LocalTimestamp, snapshot.Bids, snapshot.Asks, snapshot.LastUpdateId);
    }

    /// <summary>
    /// Whether the captured request is <paramref name="request"/>: its path ends with the request's path (a base address
    /// may add a prefix) and every parameter of the request but the count parameters has the same value in it.
    /// </summary>
    private static bool Matches(RestRequest request, Uri captured, NameValueCollection capturedQuery, IReadOnlyCollection<string> countParameters)
    {
        var pathAndQuery = request.PathAndQuery;
        var questionMark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = questionMark < 0 ? pathAndQuery : pathAndQuery[..questionMark];
        if (!Uri.UnescapeDataString(captured.AbsolutePath).EndsWith(path, StringComparison.Ordinal))
        {
            return false;
        }

        if (questionMark < 0)
        {
            return true;
        }

        var expected = HttpUtility.ParseQueryString(pathAndQuery[(questionMark + 1)..]);
        foreach (var name in expected.AllKeys)
        {
            if (name is not null && !countParameters.Contains(name) && !string.Equals(expected[name], capturedQuery[name], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
