using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Reads the YAML as a flat stream of parser events, before the node tree is built, and stops hostile shapes the tree
/// could not survive: nesting deeper than <see cref="MaxDepth"/> (building the tree recurses once per level, and
/// 50,000 levels overflowed the stack and killed the process), aliases that expand to more than
/// <see cref="MaxAliasedValues"/> values (a few kilobytes of anchors can stand for billions of values, which binding
/// would visit one by one), and keys that appear twice in one mapping, named with their full key path. The event
/// parser keeps its state on the heap, so this pass itself is safe at any depth.
/// </summary>
internal static class YamlPrecheck
{
    /// <summary>
    /// 64: a valid config nests mappings and lists 4 deep (the root, <c>scheduler</c>, <c>jobs</c>,
    /// <c>funding_rate</c>), so 64 leaves room for any layout while staying far below where the recursive tree
    /// builder runs out of a 1 MB thread stack (thousands of levels).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// 100,000: sharing a list of symbols among entries (<c>symbols: *majors</c>) repeats a few thousand values at most;
    /// more than this through aliases is an expansion attack, not a config.
    /// </summary>
    public const int MaxAliasedValues = 100_000;

    /// <summary>
    /// Reports the first problem found and returns false; returns true when none was found or when the YAML is
    /// malformed before one could be (loading it then reports the syntax error, as it would have without this pass:
    /// the tree builder stops at the same place, no deeper than was checked here).
    /// </summary>
    public static bool Check(string yaml, ConfigDiagnostics diagnostics)
    {
        var parser = new Parser(new StringReader(yaml));
        var frames = new Stack<Frame>();
        var anchorSizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long values = 0, aliasedValues = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        {
                            var node = (NodeEvent)parser.Current;
                            var path = PathOfNext(frames, node, diagnostics, out var duplicate);
                            if (duplicate)
                            {
                                return false;
                            }

                            if (frames.Count >= MaxDepth)
                            {
                                diagnostics.PathError(node.Start.Line, node.Start.Column, path, $"the YAML nests deeper than {MaxDepth} levels here; a config needs 4");
                                return false;
                            }

                            values++;
                            frames.Push(new Frame(node is MappingStart, path, node.Anchor.IsEmpty ? null : node.Anchor.Value, values));
                            break;
                        }

                    case MappingEnd or SequenceEnd:
                        {
                            // The parser pairs every end with its start; a stray one is a syntax error it throws first.
                            var frame = frames.Pop();
                            if (frame.Anchor is { } anchor)
                            {
                                anchorSizes[anchor] = values - frame.ValuesAtStart + 1;
                            }

                            break;
                        }

                    case Scalar scalar:
                        {
                            PathOfNext(frames, scalar, diagnostics, out var duplicate);
                            if (duplicate)
                            {
                                return false;
                            }

                            values++;
                            if (!scalar.Anchor.IsEmpty)
                            {
                                anchorSizes[scalar.Anchor.Value] = 1;
                            }

                            break;
                        }

                    case AnchorAlias alias:
                        {
                            var path = PathOfNext(frames, alias, diagnostics, out var duplicate);
                            if (duplicate)
                            {
                                return false;
                            }

                            // An alias to an anchor not defined (yet) is a syntax error the loader reports.
                            var size = anchorSizes.GetValueOrDefault(alias.Value.Value, 1);
                            values += size;
                            aliasedValues += size;
                            if (aliasedValues > MaxAliasedValues)
                            {
                                diagnostics.PathError(
                                    alias.Start.Line,
                                    alias.Start.Column,
                                    path,
                                    $"aliases (`*{alias.Value.Value}` and those before it) repeat more than {MaxAliasedValues:N0} values; a config needs far fewer");
                                return false;
                            }

                            break;
                        }

                    case DocumentStart:
                        frames.Clear();
                        break;
                }
            }
        }
        catch (YamlException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this for some malformed flow collections; the loader reports those too.
            return true;
        }

        return true;
    }

    /// <summary>
    /// The key path of the node that starts with <paramref name="node"/>, advancing its parent past it. A scalar
    /// in key position is a key: one already in the mapping is reported (with <paramref name="duplicate"/> set).
    /// </summary>
    private static string PathOfNext(Stack<Frame> frames, ParsingEvent node, ConfigDiagnostics diagnostics, out bool duplicate)
    {
        duplicate = false;
        if (!frames.TryPeek(out var parent))
        {
            return "";
        }

        if (!parent.IsMapping)
        {
            return KeyPath.Item(parent.Path, parent.Index++);
        }

        if (parent.ExpectsKey)
        {
            parent.ExpectsKey = false;
            parent.Key = node is Scalar { Value: var key } ? key : "?";
            if (node is Scalar && !parent.Keys.Add(parent.Key))
            {
                var path = KeyPath.Child(parent.Path, parent.Key);
                diagnostics.PathError(node.Start.Line, node.Start.Column, path, $"key `{parent.Key}` appears twice in the same mapping");
                duplicate = true;
                return path;
            }

            return parent.Path;
        }

        parent.ExpectsKey = true;
        return KeyPath.Child(parent.Path, parent.Key!);
    }

    private sealed class Frame(bool isMapping, string path, string? anchor, long valuesAtStart)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public string? Anchor { get; } = anchor;

        public long ValuesAtStart { get; } = valuesAtStart;

        public bool ExpectsKey { get; set; } = true;

        public string? Key { get; set; }

        public int Index { get; set; }

        public HashSet<string> Keys { get; } = isMapping ? new(StringComparer.Ordinal) : [];
    }
}
