namespace Relay.Server.Trading;

/// <summary>DhanHQ's error body: <c>{"errorType","errorCode","errorMessage"}</c> (protocol reference §6.1).</summary>
internal sealed class DhanErrorBody
{
    public string? ErrorType { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}
