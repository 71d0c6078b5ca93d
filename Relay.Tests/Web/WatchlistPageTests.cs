using Microsoft.Playwright;
using Relay.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Relay.Tests.Web;

/// <summary>The watchlist page in headless Chromium against the real application with its embedded simulator.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class WatchlistPageTests
{
    private const int TestTimeoutMs = 60_000;

    private WebChromium _chromium = null!;
    private WebRelayHost _host = null!;
    private WebPageSession? _session;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _chromium = await WebChromium.LaunchAsync();
        _host = await WebRelayHost.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    [TearDown]
    public async Task CloseSessionAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
            _session = null;
        }
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task Load_FreshBrowser_ShowsConnectedWithoutConsoleErrors(CancellationToken cancellationToken)
    {
        _session = await WebPageSession.OpenAsync(_chromium.Browser, _host.BaseUri);
        await _session.GotoAsync();

        await Expect(_session.ByTestId("link-status")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = WebPageSession.TimeoutMs });
        await Expect(_session.ByTestId("link-status")).ToContainTextAsync("connected");
        await Expect(_session.ByTestId("feed-status")).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = WebPageSession.TimeoutMs });
        await Expect(_session.ByTestId("feed-reason")).ToBeHiddenAsync();

        // Prices arrive for the first row (the seeded default watchlist, or whatever the server holds).
        await Expect(_session.Page.Locator("[data-testid=\"watch-row\"] [data-testid=\"row-ltp\"]").First)
            .Not.ToHaveTextAsync("\u2014", new() { Timeout = WebPageSession.TimeoutMs });

        cancellationToken.ThrowIfCancellationRequested();
        _session.ConsoleErrors.Should().BeEmpty(_session.Diagnostics());
    }
}
