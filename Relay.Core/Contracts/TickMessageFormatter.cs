using System.Globalization;
using MessagePack;
using MessagePack.Formatters;
using Relay.Core.Market;

namespace Relay.Core.Contracts;

/// <summary>
/// MessagePack form of <see cref="TickMessage"/>: a 4-element array <c>[segmentCode, securityId, ltp, ltt]</c> with
/// the integers in their most compact encoding and <c>ltp</c> as float32, exactly DhanHQ's wire value (17 bytes for a
/// 7-digit id). Reading turns a float32 back into the same shortest decimal the JSON form carries
/// (<see cref="WirePrice"/>). Reading is strict: anything else is a <see cref="MessagePackSerializationException"/>.
/// </summary>
internal sealed class TickMessageFormatter : IMessagePackFormatter<TickMessage>
{
    private const string Shape = "[segmentCode, securityId, ltp, ltt]";

    /// <inheritdoc />
    /// <exception cref="FormatException">The message's segment or id text is not valid.</exception>
    public void Serialize(ref MessagePackWriter writer, TickMessage value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var key = value.GetInstrument();
        writer.WriteArrayHeader(4);
        writer.Write((byte)key.Segment);
        writer.Write(key.SecurityId);

        // Every Relay price came from a float32 and the double is its shortest round-trip decimal, so the
        // narrowing gives back exactly the float DhanHQ sent.
        writer.Write((float)value.Ltp);
        writer.Write(value.Ltt);
    }

    /// <inheritdoc />
    public TickMessage Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw new MessagePackSerializationException($"A Tick must be a MessagePack array {Shape}, not {Describe(reader.NextMessagePackType)}.");
        }

        options.Security.DepthStep(ref reader);
        try
        {
            var count = reader.ReadArrayHeader();
            if (count != 4)
            {
                throw new MessagePackSerializationException($"A Tick array has {count.ToString(CultureInfo.InvariantCulture)} elements; expected 4: {Shape}.");
            }

            var code = ReadInteger(ref reader, "segmentCode");
            var id = ReadInteger(ref reader, "securityId");
            var ltp = ReadPrice(ref reader);
            var ltt = ReadInteger(ref reader, "ltt");
            return TickMessage.FromWire(code, id, ltp, ltt, out var error) ?? throw new MessagePackSerializationException(error);
        }
        finally
        {
            reader.Depth--;
        }
    }

    private static long ReadInteger(ref MessagePackReader reader, string field)
    {
        var type = reader.NextMessagePackType;
        if (type != MessagePackType.Integer)
        {
            throw new MessagePackSerializationException($"A Tick's {field} must be an integer, not {Describe(type)}.");
        }

        try
        {
            return reader.ReadInt64();
        }
        catch (OverflowException ex)
        {
            throw new MessagePackSerializationException($"A Tick's {field} is out of range.", ex);
        }
    }

    private static double ReadPrice(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Float when reader.NextCode == MessagePackCode.Float32:
                return WirePrice.ToDouble(reader.ReadSingle());
            case MessagePackType.Float:
            case MessagePackType.Integer:
                // Not what Relay sends, but a number: taken as it is.
                return reader.ReadDouble();
            default:
                throw new MessagePackSerializationException($"A Tick's ltp must be a number, not {Describe(reader.NextMessagePackType)}.");
        }
    }

    private static string Describe(MessagePackType type) => type switch
    {
        MessagePackType.Nil => "nil",
        MessagePackType.Map => "a map",
        MessagePackType.Array => "an array",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "binary data",
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Float => "a float",
        MessagePackType.Integer => "an integer",
        _ => type.ToString(),
    };
}
