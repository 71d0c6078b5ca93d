using Relay.Core.Upstream;

namespace Relay.Tests.Core.Upstream;

internal sealed class UpstreamRedactionTests
{
    private static readonly FeedCredentials Credentials = new("1100223344", "eyJ+secret/token=");

    [Test]
    public void Endpoint_UrlWithQuery_KeepsSchemeHostPortAndPathOnly()
    {
        var url = UpstreamConnection.BuildUri(new Uri("wss://api-feed.dhan.co"), Credentials);

        UpstreamRedaction.Endpoint(url).Should().Be("wss://api-feed.dhan.co/");
        UpstreamRedaction.Endpoint(new Uri("ws://127.0.0.1:9000/feed?token=x")).Should().Be("ws://127.0.0.1:9000/feed");
    }

    [Test]
    public void Describe_ExceptionNamingCredentialsAndUrl_MasksThem()
    {
        var url = UpstreamConnection.BuildUri(new Uri("wss://api-feed.dhan.co"), Credentials);
        var exception = new InvalidOperationException(
            $"outer for {url}",
            new IOException("inner with raw eyJ+secret/token= and escaped eyJ%2Bsecret%2Ftoken%3D for 1100223344"));

        var text = UpstreamRedaction.Describe(exception, Credentials);

        text.Should().NotContainAny("eyJ", "secret", "1100223344", "version=2");
        text.Should().Contain("InvalidOperationException: outer for wss://api-feed.dhan.co/?***").And.Contain("IOException: inner with raw ***");
    }

    [Test]
    public void BuildUri_Credentials_AreEscapedInTheQuery()
    {
        var url = UpstreamConnection.BuildUri(new Uri("ws://127.0.0.1:9000"), new FeedCredentials("a b", "x&y=z"));

        url.Query.Should().Be("?version=2&token=x%26y%3Dz&clientId=a%20b&authType=2");
    }
}
