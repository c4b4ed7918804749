namespace MarketPrism.Sinks.ClickHouse;

/// <summary>ClickHouse answered a query with an error (<c>Code: N, e.displayText() = ...</c>).</summary>
public sealed class ClickHouseServerException : Exception
{
    public ClickHouseServerException()
    {
    }

    public ClickHouseServerException(string message)
        : base(message)
    {
    }

    public ClickHouseServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClickHouseServerException(int code, int statusCode, string message)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
    }

    /// <summary>ClickHouse's error code, e.g. 60 (unknown table); 0 when the answer named none.</summary>
    public int Code { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The error means a table or the database is gone, so creating them again may cure it.</summary>
    public bool IsMissingSchema => Code is 60 or 81;

    /// <summary>Retrying cannot cure the error: the rows do not fit the table (<see cref="ClickHouseErrors.IsPermanent"/>).</summary>
    public bool IsPermanent => ClickHouseErrors.IsPermanent(Code);
}
