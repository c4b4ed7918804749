using System.Text.Encodings.Web;
using System.Text.Json;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// Writer options for everything the simulator puts on the wire. Exchanges do not HTML-escape their JSON, so
/// neither do we: a backtick or an angle bracket in an error message goes out as itself, not as <c>\u0060</c>.
/// </summary>
internal static class WireJson
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
