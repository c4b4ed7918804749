namespace MarketPrism.Collector.Cli;

/// <summary>Process exit codes, the same for every verb.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run failed or lost data (collect), or some input could not be parsed (normalize).</summary>
    public const int Failure = 1;

    /// <summary>The configuration or the command line is invalid; nothing was started.</summary>
    public const int InvalidConfiguration = 2;
}
