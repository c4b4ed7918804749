using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MarketPrism.Collector.Configuration;

/// <summary>
/// Reads the YAML as a flat stream of parser events, before the node tree is built, and stops hostile shapes the tree
/// could not survive: nesting deeper than <see cref="MaxDepth"/> (building the tree recurses once per level, and
/// 50,000 levels overflowed the stack and killed the process), aliases that expand to more than
/// <see cref="MaxAliasedValues"/> values (a few kilobytes of anchors can stand for billions of values, which binding
/// would visit one by one), aliases inside the node they name and lists or mappings used as keys (a cycle the tree
/// builder recursed into without end), and keys that appear twice in one mapping, named with their full key path. The
/// event parser keeps its state on the heap, so this pass itself is safe at any depth.
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
        var anchors = new Dictionary<string, Anchor>(StringComparer.Ordinal);
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
                            var path = PathOfNext(frames, node, anchors, diagnostics, out var rejected);
                            if (rejected)
                            {
                                return false;
                            }

                            if (frames.Count >= MaxDepth)
                            {
                                diagnostics.PathError(node.Start.Line, node.Start.Column, path, $"the YAML nests deeper than {MaxDepth} levels here; a config needs 4");
                                return false;
                            }

                            values++;
                            var anchor = node.Anchor.IsEmpty ? null : node.Anchor.Value;
                            if (anchor is not null)
                            {
                                // Open until its end: an alias to it from inside would make the tree a cycle.
                                anchors[anchor] = new Anchor(Size: 0, IsOpen: true, IsScalar: false);
                            }

                            frames.Push(new Frame(node is MappingStart, path, anchor, values));
                            break;
                        }

                    case MappingEnd or SequenceEnd:
                        {
                            // The parser pairs every end with its start; a stray one is a syntax error it throws first.
                            var frame = frames.Pop();
                            if (frame.Anchor is { } anchor)
                            {
                                anchors[anchor] = new Anchor(values - frame.ValuesAtStart + 1, IsOpen: false, IsScalar: false);
                            }

                            break;
                        }

                    case Scalar scalar:
                        {
                            PathOfNext(frames, scalar, anchors, diagnostics, out var rejected);
                            if (rejected)
                            {
                                return false;
                            }

                            values++;
                            if (!scalar.Anchor.IsEmpty)
                            {
                                anchors[scalar.Anchor.Value] = new Anchor(1, IsOpen: false, IsScalar: true);
                            }

                            break;
                        }

                    case AnchorAlias alias:
                        {
                            var path = PathOfNext(frames, alias, anchors, diagnostics, out var rejected);
                            if (rejected)
                            {
                                return false;
                            }

                            // An alias to an anchor not defined (yet) is a syntax error the loader reports.
                            var target = anchors.GetValueOrDefault(alias.Value.Value, new Anchor(1, IsOpen: false, IsScalar: true));
                            if (target.IsOpen)
                            {
                                diagnostics.PathError(
                                    alias.Start.Line,
                                    alias.Start.Column,
                                    path,
                                    $"alias `*{alias.Value.Value}` is inside the node it names; a config cannot refer to itself");
                                return false;
                            }

                            var size = target.Size;
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
    /// The key path of the node that starts with <paramref name="node"/>, advancing its parent past it. A node in key
    /// position is a key: one already in the mapping, or one that is not a plain name, is reported (with
    /// <paramref name="rejected"/> set).
    /// </summary>
    private static string PathOfNext(Stack<Frame> frames, ParsingEvent node, Dictionary<string, Anchor> anchors, ConfigDiagnostics diagnostics, out bool rejected)
    {
        rejected = false;
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
            if (node is not Scalar { Value: var key })
            {
                // A list or mapping as a key (`? [a]: 1`) is never a config key, and hashing one that contains an alias
                // to itself recursed without end in the tree builder.
                if (node is AnchorAlias { Value.Value: var name } && anchors.TryGetValue(name, out var anchor) && anchor.IsScalar)
                {
                    parent.Key = "*" + name;
                    return parent.Path;
                }

                diagnostics.PathError(node.Start.Line, node.Start.Column, parent.Path, "keys must be plain names, not a list, a mapping or an alias to one");
                rejected = true;
                return parent.Path;
            }

            parent.Key = key;
            if (!parent.Keys.Add(key))
            {
                var path = KeyPath.Child(parent.Path, key);
                diagnostics.PathError(node.Start.Line, node.Start.Column, path, $"key `{key}` appears twice in the same mapping");
                rejected = true;
                return path;
            }

            return parent.Path;
        }

        parent.ExpectsKey = true;
        return KeyPath.Child(parent.Path, parent.Key!);
    }

    /// <param name="Size">Values the anchored node stands for, counting those its own aliases repeat.</param>
    /// <param name="IsOpen">The node has started and not ended: an alias to it now would be inside it.</param>
    private readonly record struct Anchor(long Size, bool IsOpen, bool IsScalar);

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
