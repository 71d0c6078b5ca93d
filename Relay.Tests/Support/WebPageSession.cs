using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Relay.Tests.Support;

/// <summary>
/// One browser context and page on a <see cref="WebRelayHost"/> (fresh storage, so a new "device"): collects console
/// errors, page errors and failed responses, records every change of the two connection indicators (so a state that
/// lasts only a moment is still seen), and saves screenshots as test artifacts.
/// </summary>
internal sealed class WebPageSession : IAsyncDisposable
{
    /// <summary>Bound of every single Playwright action and assertion, in milliseconds.</summary>
    public const float TimeoutMs = 15_000;

    // Installed before the page's own scripts: a MutationObserver per indicator appends { state, text, banner } on
    // every data-state change (the feed's reason banner is rendered in the same task as its data-state).
    private const string IndicatorRecorder = """
        (() => {
          const record = { link: [], feed: [] };
          window.__relayIndicators = record;
          const watch = (id, list) => {
            const element = document.getElementById(id);
            if (!element) return;
            const push = () => {
              const banner = document.getElementById('feed-reason');
              const state = element.dataset.state;
              if (list.length > 0 && list[list.length - 1].state === state) return;
              list.push({
                state,
                text: element.textContent.replace(/\s+/g, ' ').trim(),
                banner: banner && !banner.hidden ? banner.textContent : '',
              });
            };
            push();
            new MutationObserver(push).observe(element, { attributes: true, attributeFilter: ['data-state'] });
          };
          document.addEventListener('DOMContentLoaded', () => {
            watch('link-status', record.link);
            watch('feed-status', record.feed);
          });
        })();
        """;

    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _failedResponses = new();

    private WebPageSession(IBrowserContext context, IPage page, Uri baseUri)
    {
        Context = context;
        Page = page;
        BaseUri = baseUri;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Enqueue($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _consoleErrors.Enqueue("page error: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _failedResponses.Enqueue($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
    }

    /// <summary>The browser context (its own cookies and localStorage).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>The application's address.</summary>
    public Uri BaseUri { get; }

    /// <summary>Console messages of type error and uncaught page errors, so far.</summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _consoleErrors];

    /// <summary>Responses with status 400 or more the page received, so far ("404 GET http://…").</summary>
    public IReadOnlyList<string> FailedResponses => [.. _failedResponses];

    /// <summary>
    /// Opens a new context and page with the given viewport (desktop 1280x800 by default), optionally with the user's
    /// "reduce motion" preference.
    /// </summary>
    public static async Task<WebPageSession> OpenAsync(IBrowser browser, Uri baseUri, int width = 1280, int height = 800, bool reducedMotion = false)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUri.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-IN",
            TimezoneId = "Asia/Kolkata",
            ColorScheme = ColorScheme.Light,
            ReducedMotion = reducedMotion ? ReducedMotion.Reduce : ReducedMotion.NoPreference,
        });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        await context.AddInitScriptAsync(IndicatorRecorder);
        var page = await context.NewPageAsync();
        return new WebPageSession(context, page, baseUri);
    }

    /// <summary>A locator by <c>data-testid</c>.</summary>
    public ILocator ByTestId(string testId) => Page.GetByTestId(testId);

    /// <summary>The watchlist row of <paramref name="key"/> (<c>NSE_EQ:1594</c>).</summary>
    public ILocator Row(string key) => Page.Locator($"[data-testid=\"watch-row\"][data-key=\"{key}\"]");

    /// <summary>Opens <paramref name="path"/> and waits until the page loaded its watchlist (<c>relayDebug.ready</c>).</summary>
    public async Task GotoAsync(string path = "/")
    {
        await Page.GotoAsync(path);
        await WaitUntilReadyAsync();
    }

    /// <summary>Reloads and waits until the page loaded its watchlist.</summary>
    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitUntilReadyAsync();
    }

    /// <summary>The watchlist's keys in order, as the page holds them.</summary>
    public async Task<IReadOnlyList<string>> WatchlistKeysAsync() =>
        await Page.EvaluateAsync<string[]>("() => window.relayDebug.watchlist()");

    /// <summary>Every state an indicator (<c>link</c> or <c>feed</c>) showed since the page loaded, in order.</summary>
    public async Task<IReadOnlyList<WebIndicatorState>> IndicatorHistoryAsync(string indicator)
    {
        var json = await Page.EvaluateAsync<string>("name => JSON.stringify(window.__relayIndicators[name])", indicator);
        return JsonSerializer.Deserialize<List<WebIndicatorState>>(json, JsonSerializerOptions.Web) ?? [];
    }

    /// <summary>
    /// Searches <paramref name="query"/> in the instrument search and picks the result <paramref name="key"/>; waits
    /// until its row is in the watchlist.
    /// </summary>
    public async Task AddFromSearchAsync(string query, string key)
    {
        var input = ByTestId("search-input");
        await input.FillAsync(query);
        var option = Page.Locator($"[data-testid=\"search-option\"][data-key=\"{key}\"]");
        await option.ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(Row(key)).ToBeVisibleAsync(new() { Timeout = TimeoutMs });
    }

    /// <summary>
    /// Saves a full-page PNG as <c>Relay.Tests/TestResults/screenshots/&lt;name&gt;.png</c> and attaches it to the
    /// running test; returns its path.
    /// </summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(WebArtifacts.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false, Animations = ScreenshotAnimations.Disabled });
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    /// <summary>Text describing what the page saw, for assertion messages.</summary>
    public string Diagnostics() =>
        $"console errors: [{string.Join(" | ", ConsoleErrors)}]; failed responses: [{string.Join(" | ", FailedResponses)}]";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            try
            {
                await ScreenshotAsync("failed-" + TestContext.CurrentContext.Test.MethodName);
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the failure itself is what matters.
            }
        }

        await Context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task WaitUntilReadyAsync()
    {
        await Page.WaitForFunctionAsync("() => window.relayDebug !== undefined", null, new PageWaitForFunctionOptions { Timeout = TimeoutMs });
        await Page.EvaluateAsync("() => window.relayDebug.ready").WaitAsync(TimeSpan.FromMilliseconds(TimeoutMs));
    }
}
