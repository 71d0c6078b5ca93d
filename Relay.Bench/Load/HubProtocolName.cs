namespace Relay.Bench.Load;

/// <summary>The names of <see cref="HubProtocolKind"/> on the harness's command lines and in its reports.</summary>
internal static class HubProtocolName
{
    /// <summary><c>json</c> or <c>messagepack</c>.</summary>
    public static string Of(HubProtocolKind protocol) => protocol == HubProtocolKind.Json ? "json" : "messagepack";

    /// <summary>Reads <c>json</c>, <c>messagepack</c> or <c>msgpack</c> (any case); false for anything else.</summary>
    public static bool TryParse(string? text, out HubProtocolKind protocol)
    {
        switch (text?.ToLowerInvariant())
        {
            case "json":
                protocol = HubProtocolKind.Json;
                return true;
            case "messagepack" or "msgpack":
                protocol = HubProtocolKind.MessagePack;
                return true;
            default:
                protocol = default;
                return false;
        }
    }
}
