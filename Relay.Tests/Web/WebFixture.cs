using Relay.Tests.Support;

namespace Relay.Tests.Web;

/// <summary>
/// One Chromium and one real Relay application per fixture; a fresh browser context (a new "device": empty
/// localStorage) per <see cref="OpenPageAsync"/>, closed after each test.
/// </summary>
internal abstract class WebFixture
{
    /// <summary>Bound of each browser test, in milliseconds.</summary>
    protected const int TestTimeoutMs = 60_000;

    /// <summary>Bound of waits for something a user expects "within a few seconds", in milliseconds.</summary>
    protected const float FewSecondsMs = 10_000;

    private readonly List<WebPageSession> _sessions = [];
    private WebChromium? _chromium;
    private WebRelayHost? _host;

    /// <summary>The application.</summary>
    protected WebRelayHost Host => _host ?? throw new InvalidOperationException("The fixture did not start.");

    /// <summary>Configuration overrides of this fixture's application.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartFixtureAsync()
    {
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(WebPageSession.TimeoutMs);
        _chromium = await WebChromium.LaunchAsync();
        _host = await WebRelayHost.StartAsync(Settings);
    }

    [OneTimeTearDown]
    public async Task StopFixtureAsync()
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
    public async Task CloseSessionsAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        _sessions.Clear();
    }

    /// <summary>Opens a new browser context and page (desktop 1280x800 by default); it is closed after the test.</summary>
    protected async Task<WebPageSession> OpenPageAsync(int width = 1280, int height = 800, bool reducedMotion = false)
    {
        var chromium = _chromium ?? throw new InvalidOperationException("The fixture did not start.");
        var session = await WebPageSession.OpenAsync(chromium.Browser, Host.BaseUri, width, height, reducedMotion);
        _sessions.Add(session);
        return session;
    }
}
