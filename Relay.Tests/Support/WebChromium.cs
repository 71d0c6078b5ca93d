using Microsoft.Playwright;

namespace Relay.Tests.Support;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>) driven by Playwright. Playwright's own browser download is
/// never used. A missing Chromium fails the tests (never skips them) with how to install it.
/// </summary>
internal sealed class WebChromium : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package installs its launcher.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IPlaywright _playwright;

    private WebChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>Launches Chromium, or fails the calling fixture with installation instructions.</summary>
    public static async Task<WebChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail(
                $"The browser tests need Debian's Chromium at {ExecutablePath}, which is missing. Install it with "
                + "`sudo apt-get update && sudo apt-get install -y chromium` (or run .ci/run, which does), then run the tests again. "
                + "Do not run `playwright install`: these tests never use Playwright's own browser download.");
        }

        var playwright = await Playwright.CreateAsync().WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            return new WebChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _playwright.Dispose();
    }
}
