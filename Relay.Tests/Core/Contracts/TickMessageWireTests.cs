using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Relay.Core.Contracts;
using Relay.Core.Market;

namespace Relay.Tests.Core.Contracts;

/// <summary>
/// The Tick's positional wire form through SignalR's own hub protocols, configured as Relay, its client and the
/// baseline configure them (default resolvers, nothing registered): exact frames, sizes, round trips, bad input.
/// </summary>
internal sealed class TickMessageWireTests
{
    // The largest realistic Tick: a 7-digit BSE_FNO id, a six-figure price with paise, a current ltt.
    private static readonly TickMessage WorstCase = Tick(ExchangeSegment.BSE_FNO, 1_234_567, 123456.75f, 1_780_000_000);

    private static readonly JsonSerializerOptions SignalRJson = new JsonHubProtocolOptions().PayloadSerializerOptions;
    private static readonly MessagePackSerializerOptions SignalRMessagePack = new MessagePackHubProtocolOptions().SerializerOptions;

    [Test]
    public void WriteMessage_JsonHubProtocol_PositionalArrayFrame()
    {
        var frame = Write(new JsonHubProtocol(), WorstCase);

        Encoding.UTF8.GetString(frame).Should().Be("{\"type\":1,\"target\":\"Tick\",\"arguments\":[[8,1234567,123456.75,1780000000]]}\u001e");
        frame.Should().HaveCount(74, "58 bytes of envelope and array punctuation plus 7 id digits and 9 price characters");
    }

    [Test]
    public void WriteMessage_MessagePackHubProtocol_PositionalArrayFrameWithin32Bytes()
    {
        var frame = Write(new MessagePackHubProtocol(), WorstCase);

        // 1c: length 28; 96 01 80 c0: invocation, no headers, no id; a4 "Tick"; 91: one argument;
        // 94 08 ce(1234567) ca(123456.75f) ce(1780000000); 90: no stream ids.
        Convert.ToHexString(frame).Should().Be("1C960180C0A45469636B919408CE0012D687CA47F12060CE6A18A50090");
        frame.Length.Should().BeLessThanOrEqualTo(32);
    }

    [TestCase(ExchangeSegment.NSE_EQ, 2885u, 1465.4f, 68)]
    [TestCase(ExchangeSegment.NSE_FNO, 123_456u, 24350.05f, 72)]
    [TestCase(ExchangeSegment.IDX_I, 13u, 24350.05f, 68)]
    [TestCase(ExchangeSegment.MCX_COMM, 1_234_567u, 6123.5f, 71)]
    public void WriteMessage_JsonIdDigitsPlusPriceCharactersAtMost14_Within72Bytes(ExchangeSegment segment, uint id, float ltp, int expected)
    {
        var frame = Write(new JsonHubProtocol(), Tick(segment, id, ltp, 1_780_000_000));

        frame.Should().HaveCount(expected);
        frame.Length.Should().BeLessThanOrEqualTo(72);
    }

    [TestCase(1u)]
    [TestCase(127u)]
    [TestCase(65_535u)]
    [TestCase(uint.MaxValue)]
    public void WriteMessage_MessagePackAnyId_Within32Bytes(uint id)
    {
        var frame = Write(new MessagePackHubProtocol(), Tick(ExchangeSegment.BSE_FNO, id, 3.4028235E+38f, uint.MaxValue));

        frame.Length.Should().BeLessThanOrEqualTo(32);
    }

    [TestCase(24350.05f)]
    [TestCase(0.05f)]
    [TestCase(83.0025f)]
    [TestCase(123456.05f)]
    [TestCase(99999.95f)]
    [TestCase(0f)]
    public void ParseMessage_BothProtocols_SameMessageAndShortestPrice(float wire)
    {
        var sent = Tick(ExchangeSegment.NSE_FNO, 49_081, wire, 1_729_412_345);

        var json = ReadBack(new JsonHubProtocol(), Write(new JsonHubProtocol(), sent));
        var messagePack = ReadBack(new MessagePackHubProtocol(), Write(new MessagePackHubProtocol(), sent));

        json.Should().BeEquivalentTo(sent);
        messagePack.Should().BeEquivalentTo(sent);
        messagePack.Ltp.Should().Be(WirePrice.ToDouble(wire), "the float32 reads back as the JSON form's shortest decimal");
        messagePack.GetInstrument().Should().Be(new InstrumentKey(ExchangeSegment.NSE_FNO, 49_081));
    }

    [Test]
    public void WriteMessage_MessageFromObjectInitializer_ParsesItsTexts()
    {
        var message = new TickMessage { ExchangeSegment = "nse_eq", SecurityId = "1333", Ltp = 1642.35, Ltt = 1_729_412_345 };

        JsonSerializer.Serialize(message, SignalRJson).Should().Be("[1,1333,1642.35,1729412345]");
        ReadBack(new MessagePackHubProtocol(), Write(new MessagePackHubProtocol(), message)).Should().BeEquivalentTo(
            new TickMessage { ExchangeSegment = "NSE_EQ", SecurityId = "1333", Ltp = 1642.35, Ltt = 1_729_412_345 });
    }

    [TestCase("FOO", "1333", "Unknown exchange segment 'FOO'.")]
    [TestCase("NSE_EQ", "0", "Security id '0' is not a positive integer.")]
    public void WriteMessage_InvalidTexts_FormatExceptionNamesThem(string segment, string id, string reason)
    {
        var message = new TickMessage { ExchangeSegment = segment, SecurityId = id };

        var act = () => JsonSerializer.Serialize(message, SignalRJson);

        act.Should().Throw<FormatException>().WithMessage($"A Tick cannot be sent: {reason}");
    }

    [Test]
    public void Resolver_SignalRDefault_UsesTheAttributeFormatterWithUntrustedDataSecurity()
    {
        SignalRMessagePack.Resolver.GetFormatter<TickMessage>().Should().BeOfType<TickMessageFormatter>();
        SignalRMessagePack.Security.Should().BeSameAs(MessagePackSecurity.UntrustedData);
    }

    [TestCase("{\"exchangeSegment\":\"NSE_EQ\",\"securityId\":\"1333\",\"ltp\":1.5,\"ltt\":1}", "A Tick must be a JSON array [segmentCode, securityId, ltp, ltt], not an object.")]
    [TestCase("null", "A Tick must be a JSON array [segmentCode, securityId, ltp, ltt], not null.")]
    [TestCase("[]", "A Tick array ends before segmentCode; expected [segmentCode, securityId, ltp, ltt].")]
    [TestCase("[1,1333,1.5]", "A Tick array ends before ltt; expected [segmentCode, securityId, ltp, ltt].")]
    [TestCase("[1,1333,1.5,1,2]", "A Tick array has more than 4 elements; expected [segmentCode, securityId, ltp, ltt].")]
    [TestCase("[\"NSE_EQ\",1333,1.5,1]", "A Tick's segmentCode must be a number, not a string.")]
    [TestCase("[6,1333,1.5,1]", "A Tick's segmentCode 6 is not a DhanHQ exchange segment (valid codes: 0-5, 7, 8).")]
    [TestCase("[1,\"1333\",1.5,1]", "A Tick's securityId must be a number, not a string.")]
    [TestCase("[1,0,1.5,1]", "A Tick's securityId 0 is not a positive 32-bit integer.")]
    [TestCase("[1,4294967296,1.5,1]", "A Tick's securityId 4294967296 is not a positive 32-bit integer.")]
    [TestCase("[1,1333,null,1]", "A Tick's ltp must be a number, not null.")]
    [TestCase("[1,1333,1.5,1.5]", "A Tick's ltt must be an integer; got 1.5.")]
    public void Deserialize_MalformedJson_JsonExceptionSaysWhat(string json, string expected)
    {
        var act = () => JsonSerializer.Deserialize<TickMessage>(json, SignalRJson);

        act.Should().Throw<JsonException>().Which.Message.Should().StartWith(expected);
    }

    [Test]
    public void ParseMessage_MalformedJsonTick_BindingFailureNotACrash()
    {
        var frame = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"Tick\",\"arguments\":[[6,1333,1.5,1]]}\u001e");
        var sequence = new ReadOnlySequence<byte>(frame);

        new JsonHubProtocol().TryParseMessage(ref sequence, new TickBinder(), out var parsed).Should().BeTrue();

        var failure = parsed.Should().BeOfType<InvocationBindingFailureMessage>().Subject;
        // SignalR wraps the converter's exception ("Error binding arguments...") and drops only this message.
        failure.BindingFailure.SourceException.Should().BeOfType<InvalidDataException>()
            .Which.InnerException.Should().BeOfType<JsonException>()
            .Which.Message.Should().Contain("segmentCode 6 is not a DhanHQ exchange segment");
    }

    private static IEnumerable<TestCaseData> MalformedMessagePack()
    {
        yield return Case("a map", (ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(1);
            w.Write("SecurityId");
            w.Write("1333");
        }, "A Tick must be a MessagePack array [segmentCode, securityId, ltp, ltt], not a map.");
        yield return Case("nil", (ref MessagePackWriter w) => w.WriteNil(), "A Tick must be a MessagePack array [segmentCode, securityId, ltp, ltt], not nil.");
        yield return Case("3 elements", (ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(1);
            w.Write(1333);
            w.Write(1.5f);
        }, "A Tick array has 3 elements; expected 4: [segmentCode, securityId, ltp, ltt].");
        yield return Case("segment name", (ref MessagePackWriter w) => Array4(ref w, "NSE_EQ", 1333, 1.5f, 1), "A Tick's segmentCode must be an integer, not a string.");
        yield return Case("segment 6", (ref MessagePackWriter w) => Array4(ref w, 6, 1333, 1.5f, 1), "A Tick's segmentCode 6 is not a DhanHQ exchange segment (valid codes: 0-5, 7, 8).");
        yield return Case("negative id", (ref MessagePackWriter w) => Array4(ref w, 1, -5, 1.5f, 1), "A Tick's securityId -5 is not a positive 32-bit integer.");
        yield return Case("id text", (ref MessagePackWriter w) => Array4(ref w, 1, "1333", 1.5f, 1), "A Tick's securityId must be an integer, not a string.");
        yield return Case("ltp text", (ref MessagePackWriter w) => Array4(ref w, 1, 1333, "1.5", 1), "A Tick's ltp must be a number, not a string.");
        yield return Case("ltt float", (ref MessagePackWriter w) => Array4(ref w, 1, 1333, 1.5f, 1.5f), "A Tick's ltt must be an integer, not a float.");
        yield return Case("ltt too large", (ref MessagePackWriter w) => Array4(ref w, 1, 1333, 1.5f, ulong.MaxValue), "A Tick's ltt is out of range.");

        static TestCaseData Case(string name, WriteBody body, string expected) =>
            new TestCaseData(Body(body), expected).SetName($"Deserialize_MalformedMessagePack_{name.Replace(' ', '_')}");
    }

    [TestCaseSource(nameof(MalformedMessagePack))]
    public void Deserialize_MalformedMessagePack_SerializationExceptionSaysWhat(byte[] bytes, string expected)
    {
        var act = () => MessagePackSerializer.Deserialize<TickMessage>(bytes, SignalRMessagePack);

        act.Should().Throw<MessagePackSerializationException>()
            .WithInnerException<MessagePackSerializationException>().WithMessage(expected);
    }

    [Test]
    public void ParseMessage_MalformedMessagePackTick_BindingFailureNotACrash()
    {
        var frame = Write(new MessagePackHubProtocol(), new InvocationMessage("Tick", ["not a tick"]));
        var sequence = new ReadOnlySequence<byte>(frame);

        new MessagePackHubProtocol().TryParseMessage(ref sequence, new TickBinder(), out var parsed).Should().BeTrue();

        var failure = parsed.Should().BeOfType<InvocationBindingFailureMessage>().Subject;
        var innermost = failure.BindingFailure.SourceException;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        failure.BindingFailure.SourceException.Should().BeOfType<InvalidDataException>();
        innermost.Should().BeOfType<MessagePackSerializationException>()
            .Which.Message.Should().Be("A Tick must be a MessagePack array [segmentCode, securityId, ltp, ltt], not a string.");
    }

    [Test]
    public void Deserialize_MessagePackFloat64OrIntegerPrice_TakenAsItIs()
    {
        var float64 = Body((ref MessagePackWriter w) => Array4(ref w, 1, 1333, 24350.05, 1));
        var integer = Body((ref MessagePackWriter w) => Array4(ref w, 1, 1333, 24350, 1));

        MessagePackSerializer.Deserialize<TickMessage>(float64, SignalRMessagePack).Ltp.Should().Be(24350.05);
        MessagePackSerializer.Deserialize<TickMessage>(integer, SignalRMessagePack).Ltp.Should().Be(24350);
    }

    private static TickMessage Tick(ExchangeSegment segment, uint securityId, float ltp, long ltt)
    {
        var key = new InstrumentKey(segment, securityId);
        return new TickMessage(key, ExchangeSegments.Name(segment), key.SecurityIdText) { Ltp = WirePrice.ToDouble(ltp), Ltt = ltt };
    }

    private static byte[] Write(IHubProtocol protocol, TickMessage message) => Write(protocol, new InvocationMessage(nameof(IMarketClient.Tick), [message]));

    private static byte[] Write(IHubProtocol protocol, HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static TickMessage ReadBack(IHubProtocol protocol, byte[] frame)
    {
        var sequence = new ReadOnlySequence<byte>(frame);
        protocol.TryParseMessage(ref sequence, new TickBinder(), out var parsed).Should().BeTrue();
        sequence.Length.Should().Be(0);
        var invocation = parsed.Should().BeOfType<InvocationMessage>().Subject;
        invocation.Target.Should().Be("Tick");
        return invocation.Arguments.Should().ContainSingle().Which.Should().BeOfType<TickMessage>().Subject;
    }

    private delegate void WriteBody(ref MessagePackWriter writer);

    private static byte[] Body(WriteBody body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        body(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Array4(ref MessagePackWriter writer, object segment, object id, object ltp, object ltt)
    {
        writer.WriteArrayHeader(4);
        foreach (var value in new[] { segment, id, ltp, ltt })
        {
            switch (value)
            {
                case string s: writer.Write(s); break;
                case int i: writer.Write(i); break;
                case ulong u: writer.Write(u); break;
                case float f: writer.Write(f); break;
                case double d: writer.Write(d); break;
                default: throw new ArgumentException($"Unsupported test value {value}.", nameof(segment));
            }
        }
    }

    private sealed class TickBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(TickMessage)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
