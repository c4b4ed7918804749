using System.Text.Json;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Wire;

/// <summary>
/// How one venue spells one book level inside a level array; <see cref="BookLevelArray"/> does the rest. Implemented by
/// structs so the generic reader is specialized per venue (no boxing, no virtual call per level).
/// </summary>
internal interface IBookLevelReader
{
    /// <summary>The error when the value is not an array at all, naming the level shape ("is not an array of …").</summary>
    string NotAnArray { get; }

    /// <summary>Reads the level the reader is on (its opening token) through its closing token.</summary>
    /// <param name="error">Why the level was rejected; null on success.</param>
    bool TryRead(scoped ref Utf8JsonReader reader, out BookLevel level, out string? error);
}
