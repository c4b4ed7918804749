using System.Text;
using System.Text.Json;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>
/// Rule 5: subscribe and unsubscribe requests equal the golden files of the venue's documented request shapes, kept
/// as shared test data in <c>recordings/protocol/&lt;venue&gt;/</c> (the simulator's tests check its side against the
/// same folders). Each folder's README says where each shape is documented.
/// </summary>
public abstract partial class VenueConformanceTests
{
    protected string ProtocolFolder => Path.Combine(AppContext.BaseDirectory, "recordings", "protocol", Exchange);

    [Fact]
    public void Subscribe_and_unsubscribe_requests_equal_the_golden_files_of_the_documented_shapes()
    {
        Assert.Contains(GoldenRequests, golden => !golden.Unsubscribe);
        Assert.Contains(GoldenRequests, golden => golden.Unsubscribe);
        var readme = File.ReadAllText(Path.Combine(ProtocolFolder, "README.md"));
        var differences = new List<string>();
        foreach (var golden in GoldenRequests)
        {
            var venue = VenueOf(golden.Market);
            var types = golden.DataTypes.ToHashSet();
            var streams = golden.Symbols
                .SelectMany(symbol => venue.GetStreams(venue.CreateInstrument(symbol), types))
                .ToList();
            var request = golden.Unsubscribe ? venue.BuildUnsubscribeRequest(streams, golden.RequestId) : venue.BuildSubscribeRequest(streams, golden.RequestId);

            var expected = File.ReadAllText(Path.Combine(ProtocolFolder, golden.GoldenFile)).TrimEnd('\r', '\n');
            var built = Encoding.UTF8.GetString(request.Span);
            if (expected != built)
            {
                differences.Add($"{Exchange}/{golden.GoldenFile}:\n expected {expected}\n built    {built}");
            }

            using (JsonDocument.Parse(request))
            {
                // One JSON document: what the venue reads.
            }

            Assert.True(readme.Contains(golden.GoldenFile, StringComparison.Ordinal), $"{Exchange}/README.md does not say where {golden.GoldenFile} is documented");
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }
}
