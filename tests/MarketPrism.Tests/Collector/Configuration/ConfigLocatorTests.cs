using MarketPrism.Collector.Configuration;

namespace MarketPrism.Tests.Collector.Configuration;

/// <summary>The default config is found by <c>--config</c>, then <c>./config/collector.yaml</c>, then beside the executable.</summary>
public sealed class ConfigLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "marketprism-config-" + Guid.NewGuid().ToString("N"));
    private readonly string _working;
    private readonly string _executable;

    public ConfigLocatorTests()
    {
        _working = Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;
        _executable = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string CreateConfig(string directory)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(directory, "config")).FullName, "collector.yaml");
        File.WriteAllText(path, "exchanges: []\n");
        return path;
    }

    [Fact]
    public void Explicit_path_wins_even_when_it_does_not_exist()
    {
        CreateConfig(_working);

        var location = ConfigLoader.LocateConfigFile("elsewhere.yaml", _working, _executable);

        Assert.Equal("elsewhere.yaml", location.Path);
    }

    [Fact]
    public void Working_directory_config_comes_before_the_executable_copy()
    {
        var working = CreateConfig(_working);
        CreateConfig(_executable);

        var location = ConfigLoader.LocateConfigFile(null, _working, _executable);

        Assert.Equal(working, location.Path);
    }

    [Fact]
    public void Executable_copy_is_used_when_the_working_directory_has_none()
    {
        var beside = CreateConfig(_executable);

        var location = ConfigLoader.LocateConfigFile(null, _working, _executable);

        Assert.Equal(beside, location.Path);
    }

    [Fact]
    public void Nothing_found_names_every_place_searched()
    {
        var location = ConfigLoader.LocateConfigFile(null, _working, _executable);

        Assert.False(location.Found);
        Assert.Equal(
            $"no config file found (looked for {Path.Combine(_working, "config", "collector.yaml")} and {Path.Combine(_executable, "config", "collector.yaml")}); pass --config <path>",
            location.NotFoundMessage);
    }

    [Fact]
    public void Build_copies_the_shipped_configs_beside_the_executable()
    {
        // The test assembly's folder receives the collector's copied content, as the collector's own folder does.
        var location = ConfigLoader.LocateConfigFile(null, _working, AppContext.BaseDirectory);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "config", "collector.yaml"), location.Path);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "config", "examples", "simulator.yaml")));
    }
}
