using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Protocol;
using Relay.Core.Upstream;
using Relay.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Relay.Tests.Web;

/// <summary>
/// The page's two connection indicators (browser ↔ Relay, Relay ↔ feed) under real faults: a dropped hub connection,
/// a silent feed, rejected credentials. Each test leaves the application healthy again.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class ConnectionIndicatorTests : WebFixture
{
    private const string Dash = "\u2014";
    private const string FirstRowLtp = "[data-testid=\"watch-row\"] [data-testid=\"row-ltp\"]";

    [TearDown]
    public async Task HealAsync()
    {
        Host.HubGate.Admit();
        Host.Simulator.SetForcedAuthFailure(null);
        Host.Simulator.Resume();
        await Host.WaitForFeedAsync(FeedState.Connected, TimeSpan.FromSeconds(20));
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task HubConnectionDropped_WhileRelayRefusesThenAdmits_ShowsReconnectingThenRecoversAndPricesMove(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();
        var link = session.ByTestId("link-status");
        await Expect(link).ToHaveAttributeAsync("data-state", "connected");
        var ltp = session.Page.Locator(FirstRowLtp).First;
        await Expect(ltp).Not.ToHaveTextAsync(Dash);

        Host.HubGate.Refuse();
        Host.HubGate.DropAll().Should().BeGreaterThan(0, "the page holds a hub connection");

        await Expect(link).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = FewSecondsMs });
        await Expect(link).ToContainTextAsync("reconnecting");
        // What Relay last said about the feed is marked as possibly out of date.
        await Expect(session.ByTestId("feed-status")).ToHaveAttributeAsync("data-last-known", "true");
        await ServerWait.UntilAsync(() => Host.HubGate.RefusedCount > 0, "the page tried to reconnect", TimeSpan.FromMilliseconds(FewSecondsMs));

        Host.HubGate.Admit();

        await Expect(link).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = WebPageSession.TimeoutMs });
        await Expect(session.ByTestId("feed-status")).ToHaveAttributeAsync("data-last-known", "false");
        await Expect(session.ByTestId("feed-status")).ToHaveAttributeAsync("data-state", "Connected");
        var afterRecovery = await ltp.TextContentAsync();
        await Expect(ltp).Not.ToHaveTextAsync(afterRecovery!, new() { Timeout = FewSecondsMs });

        cancellationToken.ThrowIfCancellationRequested();
        var history = await session.IndicatorHistoryAsync("link");
        await TestContext.Out.WriteLineAsync("link indicator: " + string.Join(" → ", history.Select(s => s.State)));
        history.Select(s => s.State).Should().ContainInOrder("connected", "reconnecting", "connected");
        var resubscribes = await session.Page.EvaluateAsync<int>("() => window.relayDebug.linkCounts.resubscribes");
        resubscribes.Should().BeGreaterThanOrEqualTo(2, "the subscriptions are replayed on the new connection");
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task FeedGoesSilent_ShowsStaleWithItsReasonThenRecovers(CancellationToken cancellationToken)
    {
        var reasons = new ConcurrentQueue<FeedStatus>();
        void Record(FeedStatus status) => reasons.Enqueue(status);
        var session = await OpenPageAsync();
        await session.GotoAsync();
        var feed = session.ByTestId("feed-status");
        await Expect(feed).ToHaveAttributeAsync("data-state", "Connected");
        await Expect(session.Page.Locator(FirstRowLtp).First).Not.ToHaveTextAsync(Dash);

        Host.Feed.StatusChanged += Record;
        try
        {
            Host.Simulator.GoSilent().Should().BeGreaterThan(0);

            // Stale lasts until the reconnect (about a second): wait on the recorded history, not a poll of the DOM.
            await session.Page.WaitForFunctionAsync(
                "() => window.__relayIndicators.feed.some((s) => s.state === 'Stale')",
                null,
                new() { Timeout = WebPageSession.TimeoutMs });
            await Expect(feed).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = WebPageSession.TimeoutMs });
        }
        finally
        {
            Host.Feed.StatusChanged -= Record;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stale = reasons.First(s => s.State == FeedState.Stale);
        stale.Reason.Should().NotBeNullOrWhiteSpace();
        var feedHistory = await session.IndicatorHistoryAsync("feed");
        await TestContext.Out.WriteLineAsync("feed indicator: " + string.Join(" → ", feedHistory.Select(s => $"{s.State} [{s.Banner}]")));
        var shown = feedHistory.First(s => s.State == "Stale");
        shown.Text.Should().Contain("stale");
        shown.Banner.Should().Contain("stale").And.Contain(stale.Reason!, "the reason Relay gave is shown");
        await Expect(session.ByTestId("feed-reason")).ToBeHiddenAsync();
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task FeedRejectsCredentials_ShowsCredentialsRejectedWithItsReasonThenRecovers(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();
        var feed = session.ByTestId("feed-status");
        await Expect(feed).ToHaveAttributeAsync("data-state", "Connected");

        Host.Simulator.SetForcedAuthFailure((ushort)DisconnectReason.AccessTokenInvalid);
        Host.Simulator.DropConnections().Should().BeGreaterThan(0);

        await Expect(feed).ToHaveAttributeAsync("data-state", "CredentialsRejected", new() { Timeout = WebPageSession.TimeoutMs });
        await Expect(feed).ToHaveAttributeAsync("data-tone", "bad");
        await Expect(feed).ToContainTextAsync("credentials rejected");
        var banner = session.ByTestId("feed-reason");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("credentials rejected");
        var reason = Host.Feed.Status.Reason;
        reason.Should().NotBeNullOrWhiteSpace();
        await Expect(banner).ToContainTextAsync(reason!);

        Host.Simulator.SetForcedAuthFailure(null);

        await Expect(feed).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = WebPageSession.TimeoutMs });
        cancellationToken.ThrowIfCancellationRequested();
        await Expect(banner).ToBeHiddenAsync();
    }
}
