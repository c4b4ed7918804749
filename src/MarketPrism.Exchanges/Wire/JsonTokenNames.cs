using System.Text.Json;

namespace MarketPrism.Exchanges.Wire;

/// <summary>Names a JSON token the way an error message about a frame's shape wants it ("a JSON array, not an object").</summary>
internal static class JsonTokenNames
{
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
