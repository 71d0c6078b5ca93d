using System.Text;
using Relay.Core.Simulator;

namespace Relay.Tests.Core.Simulator;

internal sealed class WebSocketHandshakeTests
{
    [Test]
    public void ComputeAccept_Rfc6455Example_MatchesTheRfc()
    {
        WebSocketHandshake.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ==").Should().Be("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    [Test]
    public void Parse_DhanStyleRequest_ReadsPathQueryAndHeaders()
    {
        var head = "GET /?version=2&token=a%2Bb%3D&clientId=1100&authType=2 HTTP/1.1\r\nHost: 127.0.0.1:1\r\nupgrade: WebSocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

        var request = WebSocketHandshake.Parse(Encoding.ASCII.GetBytes(head))!;

        request.Path.Should().Be("/");
        request.QueryValue("token").Should().Be("a+b=");
        request.QueryValue("clientId").Should().Be("1100");
        request.Header("Upgrade").Should().Be("WebSocket");
        WebSocketHandshake.Validate(request, out var problem).Should().Be(0);
        problem.Should().BeNull();
    }

    [Test]
    public async Task ReadRequestHead_BytesAfterTheHead_IsRejected()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n\x81\x00"));

        var read = () => WebSocketHandshake.ReadRequestHeadAsync(stream, CancellationToken.None);

        await read.Should().ThrowAsync<InvalidDataException>();
    }

    [Test]
    public async Task ReadRequestHead_PeerClosesEarly_ReturnsNull()
    {
        var stream = new MemoryStream(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost"));

        (await WebSocketHandshake.ReadRequestHeadAsync(stream, CancellationToken.None)).Should().BeNull();
    }

    [Test]
    public void Parse_GarbageRequestLine_ReturnsNull()
    {
        WebSocketHandshake.Parse("HELLO\r\n\r\n"u8).Should().BeNull();
    }
}
