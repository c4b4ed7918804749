namespace MarketPrism.IntegrationTests;

/// <summary>Tests that start simulator and collector processes run one at a time: each pair wants both cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    public const string Name = "processes";
}
