using System.Diagnostics;

namespace MarketPrism.Tests.TestSupport;

/// <summary>
/// Runs a real external tool (promtool). A missing tool fails the test with how to install it: scripts/test.sh
/// installs it, and a check that silently skipped would prove nothing.
/// </summary>
internal static class ExternalTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"`{tool}` is not installed; scripts/test.sh installs it (Debian package `prometheus` provides promtool).", ex);
        }

        using (process)
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
                process.StandardInput.Close();
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
    }
}
