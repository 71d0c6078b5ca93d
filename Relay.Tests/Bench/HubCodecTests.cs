using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Relay.Bench.Load;
using Relay.Core.Contracts;

namespace Relay.Tests.Bench;

/// <summary>The load client's reduced codecs against SignalR's own protocol implementations.</summary>
internal sealed class HubCodecTests
{
    private static readonly TickMessage Tick = new() { ExchangeSegment = "NSE_EQ", SecurityId = "700123", Ltp = 2450.05, Ltt = 1_780_000_000 };

    private static IEnumerable<TestCaseData> Protocols()
    {
        yield return new TestCaseData(HubProtocolKind.Json).SetName("Json");
        yield return new TestCaseData(HubProtocolKind.MessagePack).SetName("MessagePack");
    }

    [TestCaseSource(nameof(Protocols))]
    public void TryRead_TickWrittenBySignalR_ReadsIdPriceAndWireSize(HubProtocolKind kind)
    {
        var bytes = Write(kind, new InvocationMessage("Tick", [Tick]));

        var ok = TryRead(kind, bytes, out var consumed, out var message);

        ok.Should().BeTrue();
        consumed.Should().Be(bytes.Length);
        message.Kind.Should().Be(HubMessageKind.Tick);
        message.SecurityId.Should().Be(700123);
        message.Ltp.Should().Be(2450.05);
        message.WireSize.Should().Be(bytes.Length);
    }

    [TestCaseSource(nameof(Protocols))]
    public void TryRead_TwoMessagesAndAPartialOne_ReadsInOrderThenWaits(HubProtocolKind kind)
    {
        var completion = Write(kind, CompletionMessage.WithResult("1", new[] { new SubscriptionResult { Accepted = true }, new SubscriptionResult { Accepted = false, Reason = "no" } }));
        var ping = Write(kind, PingMessage.Instance);
        var tick = Write(kind, new InvocationMessage("Tick", [Tick]));
        var buffer = completion.Concat(ping).Concat(tick[..^3]).ToArray();

        TryRead(kind, buffer, out var first, out var a).Should().BeTrue();
        TryRead(kind, buffer[first..], out var second, out var b).Should().BeTrue();
        TryRead(kind, buffer[(first + second)..], out _, out _).Should().BeFalse();

        a.Kind.Should().Be(HubMessageKind.Completion);
        a.Accepted.Should().Be(1);
        a.Rejected.Should().Be(1);
        b.Kind.Should().Be(HubMessageKind.Ping);
    }

    [TestCaseSource(nameof(Protocols))]
    public void Subscribe_ParsedBySignalR_IsTheHubInvocation(HubProtocolKind kind)
    {
        var bytes = kind == HubProtocolKind.Json
            ? JsonHubCodec.Subscribe([700001, 700002], "NSE_EQ", "1")
            : MessagePackHubCodec.Subscribe([700001, 700002], "NSE_EQ", "1");
        var sequence = new ReadOnlySequence<byte>(bytes);

        Protocol(kind).TryParseMessage(ref sequence, new SubscribeBinder(), out var parsed).Should().BeTrue();

        var invocation = parsed.Should().BeOfType<InvocationMessage>().Subject;
        invocation.Target.Should().Be("Subscribe");
        invocation.InvocationId.Should().Be("1");
        var instruments = invocation.Arguments[0].Should().BeOfType<InstrumentRef[]>().Subject;
        instruments.Select(i => i.ToString()).Should().Equal("NSE_EQ:700001", "NSE_EQ:700002");
        invocation.Arguments[1].Should().Be("Ticker");
    }

    private static IHubProtocol Protocol(HubProtocolKind kind) => kind == HubProtocolKind.Json ? new JsonHubProtocol() : new MessagePackHubProtocol();

    private static byte[] Write(HubProtocolKind kind, HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Protocol(kind).WriteMessage(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryRead(HubProtocolKind kind, byte[] buffer, out int consumed, out HubWireMessage message) =>
        kind == HubProtocolKind.Json
            ? JsonHubCodec.TryRead(buffer, out consumed, out message)
            : MessagePackHubCodec.TryRead(buffer, out consumed, out message);

    private sealed class SubscribeBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(InstrumentRef[]), typeof(string)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
