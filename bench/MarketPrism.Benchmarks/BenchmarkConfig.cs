using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace MarketPrism.Benchmarks;

/// <summary>Shared settings: full parameter names (frame sets are <c>venue/message</c>), so result tables stay readable.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(40);
    }
}
