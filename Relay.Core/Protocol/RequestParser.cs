using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Reads the JSON requests of §2 on the server side (used by the feed simulator). Never throws on bad input.</summary>
public static class RequestParser
{
    /// <summary>Parses one text frame; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out FeedRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "request is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("RequestCode", out var codeElement) || !codeElement.TryGetByte(out var codeByte))
            {
                error = "missing or invalid RequestCode";
                return false;
            }

            var code = (FeedRequestCode)codeByte;
            if (code == FeedRequestCode.Disconnect)
            {
                request = new FeedRequest(code, [], -1);
                error = null;
                return true;
            }

            if (!FeedModeCodes.TryGetMode(code, out _, out _))
            {
                error = $"unsupported RequestCode {codeByte}";
                return false;
            }

            var declared = root.TryGetProperty("InstrumentCount", out var countElement) && countElement.TryGetInt32(out var count) ? count : -1;
            if (!root.TryGetProperty("InstrumentList", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                error = "missing InstrumentList";
                return false;
            }

            var instruments = new List<InstrumentKey>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("ExchangeSegment", out var segment) || segment.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("SecurityId", out var id) || id.ValueKind != JsonValueKind.String)
                {
                    error = "InstrumentList item needs string ExchangeSegment and string SecurityId";
                    return false;
                }

                if (!InstrumentKey.TryCreate(segment.GetString(), id.GetString(), out var key, out var keyError))
                {
                    error = keyError;
                    return false;
                }

                instruments.Add(key);
            }

            request = new FeedRequest(code, instruments, declared);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
            return false;
        }
    }
}
