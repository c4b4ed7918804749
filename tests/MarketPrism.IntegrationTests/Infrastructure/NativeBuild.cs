namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// The collector published as a native (ahead-of-time compiled) executable, the way README's "Deploying" section
/// tells an operator to build it: published once per test run into a temporary folder.
/// </summary>
public static class NativeBuild
{
    private static readonly Lazy<Task<string>> Executable = new(PublishAsync);

    /// <summary>Path of the published <c>marketprism</c> executable; fails the test with the publish output if it does not build.</summary>
    public static Task<string> GetExecutableAsync() => Executable.Value;

    private static async Task<string> PublishAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "MarketPrism.Collector", "MarketPrism.Collector.csproj");
        var output = Path.Combine(Path.GetTempPath(), "marketprism-native-" + Guid.NewGuid().ToString("N"));
        await using var publish = ChildProcess.Start(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "--nologo"],
            Path.GetTempPath());

        // A cold native build compiles the whole program and the framework it uses: minutes on two cores.
        var exitCode = await publish.WaitForExitAsync(TimeSpan.FromMinutes(12));
        var executable = Path.Combine(output, "marketprism");
        Assert.True(exitCode == 0 && File.Exists(executable), $"the native publish failed (exit {exitCode}):{Environment.NewLine}{publish.Output}");
        return executable;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MarketPrism.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no MarketPrism.slnx above {AppContext.BaseDirectory}");
    }
}
