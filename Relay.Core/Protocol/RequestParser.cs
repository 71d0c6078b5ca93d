using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>Reads the JSON requests of §2 on the server side (used by the feed simulator). Never throws on bad input.</summary>
public static class RequestParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    /// <summary>
    /// Parses one text frame: <c>{"RequestCode":12}</c> or the list form with codes 15-18, 21, 22. Keys are
    /// case-sensitive as DhanHQ spells them; <c>RequestCode</c> and <c>InstrumentCount</c> must be JSON integers,
    /// <c>ExchangeSegment</c> and <c>SecurityId</c> strings. Exactly one JSON value per frame.
    /// </summary>
    /// <param name="utf8Json">The frame's UTF-8 bytes.</param>
    /// <param name="request">The request when valid, otherwise <c>null</c>.</param>
    /// <param name="error">What is wrong when invalid (safe to show to the sender), otherwise <c>null</c>.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out FeedRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            using var document = JsonDocument.ParseValue(ref reader);

            // ParseValue stops after the first value; anything but whitespace after it is not one request.
            if (reader.Read())
            {
                error = "malformed JSON: more than one value in the frame";
                return false;
            }

            error = Read(document.RootElement, out request);
            return error is null;
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // GetString on a string holding invalid UTF-8.
            error = $"malformed JSON: {ex.Message}";
            return false;
        }
    }

    private static string? Read(JsonElement root, out FeedRequest? request)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "request is not a JSON object";
        }

        if (!root.TryGetProperty("RequestCode"u8, out var codeElement) || codeElement.ValueKind != JsonValueKind.Number || !codeElement.TryGetByte(out var codeByte))
        {
            return "missing or invalid RequestCode (expected an integer)";
        }

        var code = (FeedRequestCode)codeByte;
        if (code == FeedRequestCode.Disconnect)
        {
            request = new FeedRequest(code, [], -1);
            return null;
        }

        if (!FeedModeCodes.TryGetMode(code, out _, out _))
        {
            return $"unsupported RequestCode {codeByte}";
        }

        var declared = -1;
        if (root.TryGetProperty("InstrumentCount"u8, out var countElement)
            && (countElement.ValueKind != JsonValueKind.Number || !countElement.TryGetInt32(out declared) || declared < 0))
        {
            return "invalid InstrumentCount (expected a non-negative integer)";
        }

        if (!root.TryGetProperty("InstrumentList"u8, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return "missing InstrumentList (expected an array)";
        }

        var instruments = new List<InstrumentKey>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("ExchangeSegment"u8, out var segment) || segment.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("SecurityId"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                return "InstrumentList item needs string ExchangeSegment and string SecurityId";
            }

            if (!InstrumentKey.TryCreate(segment.GetString(), id.GetString(), out var key, out var keyError))
            {
                return keyError;
            }

            instruments.Add(key);
        }

        request = new FeedRequest(code, instruments, declared);
        return null;
    }
}
