using System.Net;
using System.Text.Json;

namespace Relay.Server.Trading;

/// <summary>One DhanHQ REST exchange: the status and body, or why there was none.</summary>
internal sealed record DhanRawResponse(DhanFailureKind Failure, HttpStatusCode Status = 0, string Body = "")
{
    public bool IsSuccess => Failure == DhanFailureKind.None;

    /// <summary>The parsed DhanHQ error body of an HTTP failure, or <c>null</c> when it has none.</summary>
    public DhanErrorBody? Error
    {
        get
        {
            if (Failure != DhanFailureKind.Http || Body.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<DhanErrorBody>(Body, DhanJson.Options) is { ErrorCode.Length: > 0 } error ? error : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Worth retrying for a read: no answer, HTTP 5xx, or a rate limit (429 / DH-904).</summary>
    public bool IsTransient => Failure is DhanFailureKind.Timeout or DhanFailureKind.Network
        || (Failure == DhanFailureKind.Http && ((int)Status >= 500 || Status == HttpStatusCode.TooManyRequests || Error?.ErrorCode == "DH-904"));

    /// <summary>Deserializes the body; for an array body, its first element when <typeparamref name="T"/> is not a list.</summary>
    public T? Read<T>()
    {
        var text = Body.TrimStart();
        if (text.StartsWith('[') && !typeof(System.Collections.IEnumerable).IsAssignableFrom(typeof(T)))
        {
            var items = JsonSerializer.Deserialize<List<T>>(text, DhanJson.Options);
            return items is { Count: > 0 } ? items[0] : default;
        }

        return text.Length == 0 ? default : JsonSerializer.Deserialize<T>(text, DhanJson.Options);
    }
}
