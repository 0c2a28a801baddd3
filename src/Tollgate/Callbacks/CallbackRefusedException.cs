namespace Tollgate.Callbacks;

/// <summary>The SSRF guard refused to connect: the callback's host resolves to an address callbacks may not reach.</summary>
public sealed class CallbackRefusedException : Exception
{
    public CallbackRefusedException()
    {
    }

    public CallbackRefusedException(string message)
        : base(message)
    {
    }

    public CallbackRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
