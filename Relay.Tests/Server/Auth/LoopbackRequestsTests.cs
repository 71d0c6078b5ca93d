using System.Net;
using Microsoft.AspNetCore.Http;
using Relay.Server.Auth;

namespace Relay.Tests.Server.Auth;

/// <summary>Which requests count as coming from this machine.</summary>
internal sealed class LoopbackRequestsTests
{
    [TestCase("localhost", true)]
    [TestCase("LOCALHOST", true)]
    [TestCase("app.localhost", true)]
    [TestCase("127.0.0.1", true)]
    [TestCase("127.8.9.10", true)]
    [TestCase("[::1]", true)]
    [TestCase("localhost.evil.example", false)]
    [TestCase("evil.example", false)]
    [TestCase("0.0.0.0", false)]
    [TestCase("192.168.1.2", false)]
    [TestCase("", false)]
    public void IsLoopbackHost_ClassifiesHostHeaders(string host, bool expected) =>
        LoopbackRequests.IsLoopbackHost(host).Should().Be(expected);

    [Test]
    public void IsLocal_RemoteClient_IsFalseEvenWithALoopbackHost()
    {
        var context = Context("203.0.113.9", "localhost");

        LoopbackRequests.IsLocal(context, strict: false).Should().BeFalse();
        LoopbackRequests.IsLocal(context, strict: true).Should().BeFalse();
    }

    [Test]
    public void IsLocal_Strict_RefusesForeignHostsAndProxies()
    {
        LoopbackRequests.IsLocal(Context("127.0.0.1", "localhost:5000"), strict: true).Should().BeTrue();
        LoopbackRequests.IsLocal(Context("127.0.0.1", "rebound.example"), strict: true).Should().BeFalse();
        LoopbackRequests.IsLocal(Context("127.0.0.1", "rebound.example"), strict: false).Should().BeTrue();

        var proxied = Context("::1", "localhost");
        proxied.Request.Headers["Forwarded"] = "for=198.51.100.1";
        LoopbackRequests.IsLocal(proxied, strict: true).Should().BeFalse();
    }

    private static DefaultHttpContext Context(string remote, string host)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Host = HostString.FromUriComponent(host);
        return context;
    }
}
