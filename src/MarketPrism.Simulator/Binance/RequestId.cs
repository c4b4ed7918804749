using System.Text.Json;

namespace MarketPrism.Simulator.Binance;

/// <summary>A request's <c>id</c>, echoed in the reply as it came (number, string or null).</summary>
internal readonly record struct RequestId(JsonTokenType Kind, long Number, string? Text)
{
    public static readonly RequestId Null = new(JsonTokenType.Null, 0, null);

    public static readonly RequestId Missing = new(JsonTokenType.None, 0, null);

    public static RequestId Of(long number) => new(JsonTokenType.Number, number, null);

    public static RequestId Of(string text) => new(JsonTokenType.String, 0, text);

    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case JsonTokenType.Number:
                writer.WriteNumber("id", Number);
                break;
            case JsonTokenType.String:
                writer.WriteString("id", Text);
                break;
            default:
                writer.WriteNull("id");
                break;
        }
    }
}
