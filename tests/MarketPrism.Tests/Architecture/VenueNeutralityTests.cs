using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using MarketPrism.Exchanges;
using MarketPrism.Tests.TestSupport;

namespace MarketPrism.Tests.Architecture;

/// <summary>
/// Nothing outside the venue folders names a venue: the code (comments aside) of src/MarketPrism.Core,
/// src/MarketPrism.Collector and src/MarketPrism.Sinks holds no exchange name of <see cref="ExchangeCatalog"/> (any
/// case, inside identifiers and strings too) and no type of an exchange plug-in's own namespace. Venue knowledge is
/// reached through the plug-in, so adding an exchange touches none of these projects. Comments may give venues as
/// examples.
/// </summary>
public sealed partial class VenueNeutralityTests
{
    private static readonly string[] NeutralProjects = ["MarketPrism.Core", "MarketPrism.Collector", "MarketPrism.Sinks"];

    [Fact]
    public void The_core_collector_and_sinks_code_names_no_venue_and_no_venue_type()
    {
        var forbidden = ForbiddenNames();
        var findings = new List<string>();
        foreach (var file in NeutralSourceFiles())
        {
            var code = StripComments(File.ReadAllText(file)).Split('\n');
            for (var line = 0; line < code.Length; line++)
            {
                foreach (var name in forbidden)
                {
                    if (name.Pattern.IsMatch(code[line]))
                    {
                        findings.Add($"{Path.GetRelativePath(Repository.Root, file)}:{line + 1}: {name.Name}: {code[line].Trim()}");
                    }
                }
            }
        }

        Assert.True(findings.Count == 0, "Venue knowledge outside the venue folders (move it behind the exchange's plug-in):" + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void The_scan_sees_code_and_not_comments()
    {
        var code = StripComments(
            """"
            // binance in a line comment
            /// <summary>okx in a doc comment</summary>
            var url = "http://host/bybit/spot"; /* deribit in a block
               comment */ var raw = """
                ok // not a comment
                """;
            var c = '/'; var d = @"a""//b"; // gone
            """");

        Assert.DoesNotContain("binance", code, StringComparison.Ordinal);
        Assert.DoesNotContain("okx", code, StringComparison.Ordinal);
        Assert.DoesNotContain("deribit", code, StringComparison.Ordinal);
        Assert.DoesNotContain("gone", code, StringComparison.Ordinal);
        Assert.Contains("http://host/bybit/spot", code, StringComparison.Ordinal);
        Assert.Contains("ok // not a comment", code, StringComparison.Ordinal);
        Assert.Contains("@\"a\"\"//b\"", code, StringComparison.Ordinal);
        Assert.Equal(7, code.Split('\n').Length); // line numbers stay those of the file
    }

    [Fact]
    public void The_forbidden_names_cover_every_plugin_and_its_types()
    {
        var names = ForbiddenNames().Select(name => name.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(ExchangeCatalog.Exchanges, exchange => Assert.Contains(exchange, names));
        Assert.All(ExchangeCatalog.All, plugin => Assert.Contains(plugin.GetType().Name, names));
    }

    private static IEnumerable<string> NeutralSourceFiles()
    {
        foreach (var project in NeutralProjects)
        {
            var root = Repository.Path("src", project);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }

                yield return file;
            }
        }
    }

    /// <summary>Every exchange name (anywhere, any case) and every type of a plug-in's namespace (as a whole identifier).</summary>
    private static List<(string Name, Regex Pattern)> ForbiddenNames()
    {
        var names = new List<(string, Regex)>();
        foreach (var exchange in ExchangeCatalog.Exchanges)
        {
            names.Add((exchange, new Regex(Regex.Escape(exchange), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)));
        }

        var assembly = typeof(ExchangeCatalog).Assembly;
        foreach (var plugin in ExchangeCatalog.All)
        {
            var venueNamespace = plugin.GetType().Namespace!;
            foreach (var type in assembly.GetTypes())
            {
                if (type.Namespace == venueNamespace && !type.IsNested && type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
                {
                    var name = type.Name.Split('`')[0];
                    names.Add((name, new Regex($@"(?<![\w]){Regex.Escape(name)}(?![\w])", RegexOptions.CultureInvariant)));
                }
            }
        }

        return names;
    }

    /// <summary>
    /// The source with its comments blanked (newlines kept, so line numbers hold); string and character literals,
    /// verbatim and raw strings included, are code and stay.
    /// </summary>
    internal static string StripComments(string source)
    {
        var code = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && next == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                code.Append('\n', source.AsSpan(i, end - i).Count('\n'));
                i = end;
            }
            else if (c == '"' && next == '"' && i + 2 < source.Length && source[i + 2] == '"')
            {
                var quotes = 0;
                while (i + quotes < source.Length && source[i + quotes] == '"')
                {
                    quotes++;
                }

                var end = source.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + quotes;
                code.Append(source, i, end - i);
                i = end;
            }
            else if (c == '"')
            {
                var verbatim = i > 0 && (source[i - 1] == '@' || (source[i - 1] == '$' && i > 1 && source[i - 2] == '@'));
                var end = i + 1;
                while (end < source.Length)
                {
                    if (!verbatim && source[end] == '\\')
                    {
                        end += 2;
                    }
                    else if (source[end] == '"' && verbatim && end + 1 < source.Length && source[end + 1] == '"')
                    {
                        end += 2;
                    }
                    else if (source[end] == '"' || (!verbatim && source[end] == '\n'))
                    {
                        end++;
                        break;
                    }
                    else
                    {
                        end++;
                    }
                }

                end = Math.Min(end, source.Length);
                code.Append(source, i, end - i);
                i = end;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < source.Length && source[end] != '\'' && source[end] != '\n')
                {
                    end += source[end] == '\\' ? 2 : 1;
                }

                end = Math.Min(end + 1, source.Length);
                code.Append(source, i, end - i);
                i = end;
            }
            else
            {
                code.Append(c);
                i++;
            }
        }

        return code.ToString();
    }
}
