namespace MarketPrism.Tests.TestSupport;

/// <summary>Finds files of the repository (deploy/, docs/) from the test output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "MarketPrism.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No MarketPrism.slnx above {AppContext.BaseDirectory}.");
    }
}
