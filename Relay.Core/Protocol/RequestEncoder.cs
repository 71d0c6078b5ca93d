using System.Buffers;
using System.Text.Json;
using Relay.Core.Contracts;

namespace Relay.Core.Protocol;

/// <summary>
/// Encodes the JSON requests a client sends on the main feed (protocol reference §2): PascalCase keys,
/// <c>SecurityId</c> as a string, <c>InstrumentCount</c> equal to the list length, at most 100 instruments each.
/// </summary>
public static class RequestEncoder
{
    /// <summary>DhanHQ's limit of instruments in one subscribe or unsubscribe message.</summary>
    public const int MaxInstrumentsPerRequest = 100;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>The disconnect request, <c>{"RequestCode":12}</c>, as UTF-8.</summary>
    public static byte[] EncodeDisconnect() => "{\"RequestCode\":12}"u8.ToArray();

    /// <summary>Encodes one request for up to <see cref="MaxInstrumentsPerRequest"/> instruments as UTF-8 JSON.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="code"/> is not a subscribe or unsubscribe code (15-18, 21, 22), or the batch is empty or larger than 100.
    /// </exception>
    public static byte[] Encode(FeedRequestCode code, ReadOnlySpan<InstrumentKey> batch)
    {
        if (!FeedModeCodes.TryGetMode(code, out _, out _))
        {
            throw new ArgumentException($"Request code {(byte)code} is not a subscribe or unsubscribe code.", nameof(code));
        }

        if (batch.IsEmpty || batch.Length > MaxInstrumentsPerRequest)
        {
            throw new ArgumentException($"A request carries 1 to {MaxInstrumentsPerRequest} instruments, not {batch.Length}.", nameof(batch));
        }

        var buffer = new ArrayBufferWriter<byte>(64 + (batch.Length * 48));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("RequestCode"u8, (byte)code);
            writer.WriteNumber("InstrumentCount"u8, batch.Length);
            writer.WriteStartArray("InstrumentList"u8);
            Span<char> id = stackalloc char[10];
            foreach (var instrument in batch)
            {
                writer.WriteStartObject();
                writer.WriteString("ExchangeSegment"u8, ExchangeSegments.Name(instrument.Segment));
                instrument.SecurityId.TryFormat(id, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
                writer.WriteString("SecurityId"u8, id[..written]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits <paramref name="instruments"/> into requests of at most 100, in order.</summary>
    public static IReadOnlyList<byte[]> EncodeBatches(FeedRequestCode code, IReadOnlyList<InstrumentKey> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var requests = new List<byte[]>((instruments.Count + MaxInstrumentsPerRequest - 1) / MaxInstrumentsPerRequest);
        var array = instruments as InstrumentKey[] ?? [.. instruments];
        for (var start = 0; start < array.Length; start += MaxInstrumentsPerRequest)
        {
            var count = Math.Min(MaxInstrumentsPerRequest, array.Length - start);
            requests.Add(Encode(code, array.AsSpan(start, count)));
        }

        return requests;
    }
}
