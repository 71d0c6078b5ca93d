using Microsoft.Extensions.Options;
using Relay.Core.Upstream;

namespace Relay.Tests.Core.Upstream;

internal sealed class FeedCredentialStoreTests
{
    [Test]
    public void Constructor_ConfiguredCredentials_AreCurrent()
    {
        var store = new FeedCredentialStore(Options.Create(new FeedOptions { ClientId = " 1100 ", AccessToken = "tok" }));

        store.Current.Should().Be(new FeedCredentials("1100", "tok"));
    }

    [Test]
    public void Set_NewCredentials_RaisesChangedOnce()
    {
        var store = new FeedCredentialStore();
        var changes = 0;
        store.Changed += () => changes++;

        store.Set(new FeedCredentials("1100", "a"));
        store.Set(new FeedCredentials("1100", "a"));
        store.Set(new FeedCredentials("1100", "b"));

        changes.Should().Be(2, "setting equal credentials again changes nothing");
        store.Current!.AccessToken.Should().Be("b");
    }

    [Test]
    public void Clear_WithCredentials_ForgetsThemAndRaisesChanged()
    {
        var store = new FeedCredentialStore();
        store.Set(new FeedCredentials("1100", "a"));
        var changes = 0;
        store.Changed += () => changes++;

        store.Clear();
        store.Clear();

        store.Current.Should().BeNull();
        changes.Should().Be(1);
    }

    [Test]
    public void Set_EmptyToken_ThrowsWithoutEchoingTheValues()
    {
        var store = new FeedCredentialStore();

        var act = () => store.Set(new FeedCredentials("client-1234", " "));

        act.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("client-1234");
        store.Current.Should().BeNull();
    }

    [Test]
    public void ToString_Credentials_NeverPrintsThem() =>
        new FeedCredentials("client-1234", "token-5678").ToString().Should().NotContainAny("client-1234", "token-5678");
}
