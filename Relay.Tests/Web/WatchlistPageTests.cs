using System.Text.Json;
using Microsoft.Playwright;
using Relay.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Relay.Tests.Web;

/// <summary>The watchlist page in headless Chromium against the real application and its embedded simulator.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class WatchlistPageTests : WebFixture
{
    private const string Infosys = "NSE_EQ:1594";
    private const string StateBank = "NSE_EQ:3045";
    private const string TataSteel = "NSE_EQ:3499";
    private const string HdfcBank = "NSE_EQ:1333";
    private const string Itc = "NSE_EQ:1660";
    private const string Dash = "\u2014";

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task Load_FreshBrowser_ShowsConnectedAndPricesWithoutConsoleErrors(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();

        await Expect(session.ByTestId("link-status")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(session.ByTestId("link-status")).ToContainTextAsync("connected");
        await Expect(session.ByTestId("feed-status")).ToHaveAttributeAsync("data-state", "Connected");
        await Expect(session.ByTestId("feed-reason")).ToBeHiddenAsync();
        await Expect(session.ByTestId("auth-message")).ToBeHiddenAsync();

        // The first row (the seeded default watchlist, or what the server holds) gets prices.
        await Expect(session.Page.Locator("[data-testid=\"watch-row\"] [data-testid=\"row-ltp\"]").First).Not.ToHaveTextAsync(Dash);

        cancellationToken.ThrowIfCancellationRequested();
        session.ConsoleErrors.Should().BeEmpty(session.Diagnostics());
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task SearchAndAdd_Instrument_ItsPriceChangesAndItCanBeRemoved(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();

        await session.ByTestId("search-input").FillAsync("infosys");
        var option = session.Page.Locator($"[data-testid=\"search-option\"][data-key=\"{Infosys}\"]");
        await Expect(option).ToContainTextAsync("INFY");
        await option.ClickAsync();

        var row = session.Row(Infosys);
        await Expect(row.GetByTestId("row-symbol")).ToHaveTextAsync("INFY");
        var ltp = row.GetByTestId("row-ltp");
        await Expect(ltp).Not.ToHaveTextAsync(Dash);
        var first = await ltp.TextContentAsync();
        await Expect(ltp).Not.ToHaveTextAsync(first!, new() { Timeout = FewSecondsMs });
        await Expect(row).ToHaveAttributeAsync("data-subscription", "accepted");

        await session.ScreenshotAsync("watchlist-desktop-1280x800");

        await row.GetByTestId("row-remove").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        cancellationToken.ThrowIfCancellationRequested();
        (await session.WatchlistKeysAsync()).Should().NotContain(Infosys);
        var wanted = await session.Page.EvaluateAsync<string[]>("() => window.relayDebug.subscriptions().map(s => s.key)");
        wanted.Should().NotContain(Infosys, "a removed instrument is unsubscribed");
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task Reload_AfterAddingAnInstrument_KeepsTheWatchlist(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();
        var saved = session.Page.WaitForResponseAsync(IsWatchlistSave);
        await session.AddFromSearchAsync("SBIN", StateBank);
        (await saved.WaitAsync(TimeSpan.FromMilliseconds(WebPageSession.TimeoutMs), cancellationToken)).Ok.Should().BeTrue(session.Diagnostics());
        var before = await session.WatchlistKeysAsync();

        await session.ReloadAsync();

        await Expect(session.Row(StateBank).GetByTestId("row-symbol")).ToHaveTextAsync("SBIN");
        await Expect(session.Row(StateBank).GetByTestId("row-ltp")).Not.ToHaveTextAsync(Dash);
        cancellationToken.ThrowIfCancellationRequested();
        (await session.WatchlistKeysAsync()).Should().Equal(before, "the same instruments come back in the same order");
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task Reload_BeforeTheSaveReachedTheServer_KeepsTheAddedInstrumentAndSavesIt(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();
        // The save is lost on the way (as when the page is reloaded mid-request or the network drops).
        await session.Page.RouteAsync("**/api/watchlist", route => route.Request.Method == "PUT" ? route.AbortAsync() : route.ContinueAsync());
        await session.AddFromSearchAsync("ITC", Itc);
        await Expect(session.ByTestId("watchlist-message")).ToBeVisibleAsync();
        var before = await session.WatchlistKeysAsync();
        await session.Page.UnrouteAllAsync();

        var resaved = session.Page.WaitForResponseAsync(IsWatchlistSave);
        await session.ReloadAsync();

        await Expect(session.Row(Itc).GetByTestId("row-symbol")).ToHaveTextAsync("ITC");
        (await resaved.WaitAsync(TimeSpan.FromMilliseconds(WebPageSession.TimeoutMs), cancellationToken)).Ok.Should().BeTrue("the page sends the list the server missed");
        cancellationToken.ThrowIfCancellationRequested();
        (await session.WatchlistKeysAsync()).Should().Equal(before);
        await Expect(session.ByTestId("watchlist-message")).ToBeHiddenAsync();

        // And the server now has it: another browser gets it.
        var other = await OpenPageAsync();
        await other.GotoAsync();
        await Expect(other.Row(Itc)).ToBeVisibleAsync();
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task AnotherBrowser_AfterAddingAnInstrument_GetsTheWatchlistFromTheServer(CancellationToken cancellationToken)
    {
        // Needs GET/PUT /api/watchlist on the server: the page saves there and mirrors to this browser's storage.
        var first = await OpenPageAsync();
        await first.GotoAsync();
        var saved = first.Page.WaitForResponseAsync(IsWatchlistSave);
        await first.AddFromSearchAsync("TATASTEEL", TataSteel);
        var response = await saved.WaitAsync(TimeSpan.FromMilliseconds(WebPageSession.TimeoutMs), cancellationToken);
        response.Status.Should().BeInRange(200, 299, "PUT /api/watchlist stores the watchlist on the server ({0})", first.Diagnostics());
        var keys = await first.WatchlistKeysAsync();

        var second = await OpenPageAsync();
        await second.GotoAsync();

        await Expect(second.Row(TataSteel)).ToBeVisibleAsync();
        // The server keeps only keys; this browser never searched TATASTEEL, yet it shows its name, not its id.
        await Expect(second.Row(TataSteel).GetByTestId("row-symbol")).ToHaveTextAsync("TATASTEEL");
        cancellationToken.ThrowIfCancellationRequested();
        (await second.WatchlistKeysAsync()).Should().Equal(keys);
        (await second.Page.EvaluateAsync<string>("() => window.relayDebug.watchlistSync")).Should().Be("server");
        await Expect(second.ByTestId("watchlist-message")).ToBeHiddenAsync();
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task DetailPanel_OpenInstrument_ShowsFiveDepthLevelsAndAChart(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync();
        await session.GotoAsync();
        await session.AddFromSearchAsync("HDFCBANK", HdfcBank);

        await session.Row(HdfcBank).GetByTestId("row-open").ClickAsync();

        var panel = session.ByTestId("detail-panel");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel).ToHaveAttributeAsync("data-key", HdfcBank);
        await Expect(session.ByTestId("detail-title")).ToHaveTextAsync("HDFCBANK");
        await Expect(session.ByTestId("detail-ltp")).Not.ToHaveTextAsync(Dash);

        var levels = session.Page.Locator("[data-testid=\"depth-row\"]");
        await Expect(levels).ToHaveCountAsync(5);
        for (var level = 0; level < 5; level++)
        {
            foreach (var field in new[] { "bidPrice", "bidQuantity", "askPrice", "askQuantity" })
            {
                await Expect(levels.Nth(level).Locator($"[data-field=\"{field}\"]")).Not.ToHaveTextAsync(Dash, new() { Timeout = FewSecondsMs });
            }
        }

        await Expect(session.ByTestId("detail-chart")).Not.ToHaveAttributeAsync("data-points", "0", new() { Timeout = FewSecondsMs });
        await Expect(session.ByTestId("chart-empty")).ToBeHiddenAsync();

        // One consistent read of the book: bids fall, asks rise, the spread is positive, the totals add up.
        var json = await session.Page.EvaluateAsync<string>("""
            () => {
              const number = (text) => Number(text.replace(/[^0-9.]/g, ''));
              const rows = [...document.querySelectorAll('[data-testid="depth-row"]')];
              const cell = (row, field) => number(row.querySelector(`[data-field="${field}"]`).textContent);
              return JSON.stringify({
                bids: rows.map((r) => cell(r, 'bidPrice')),
                asks: rows.map((r) => cell(r, 'askPrice')),
                bidQuantities: rows.map((r) => cell(r, 'bidQuantity')),
                totalBid: number(document.querySelector('[data-testid="depth-total-bid"]').textContent),
              });
            }
            """);
        var book = JsonSerializer.Deserialize<DepthBook>(json, JsonSerializerOptions.Web)!;
        cancellationToken.ThrowIfCancellationRequested();
        book.Bids.Should().BeInDescendingOrder().And.OnlyContain(p => p > 0);
        book.Asks.Should().BeInAscendingOrder();
        book.Asks[0].Should().BeGreaterThan(book.Bids[0], "the best ask is above the best bid");
        book.TotalBid.Should().Be(book.BidQuantities.Sum());

        await session.ScreenshotAsync("detail-panel-desktop-1280x800");

        await session.ByTestId("detail-close").ClickAsync();
        await Expect(panel).ToBeHiddenAsync();
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task PhoneLayout_390x844_FitsTheScreenWithBottomNavigationAndFullScreenDetail(CancellationToken cancellationToken)
    {
        const int Width = 390;
        const int Height = 844;
        var session = await OpenPageAsync(Width, Height);
        await session.GotoAsync();
        await session.AddFromSearchAsync("HDFCBANK", HdfcBank);
        await Expect(session.Row(HdfcBank).GetByTestId("row-ltp")).Not.ToHaveTextAsync(Dash);
        await Expect(session.ByTestId("link-status")).ToHaveAttributeAsync("data-state", "connected");
        await session.ByTestId("search-input").BlurAsync();

        var overflow = await session.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.Should().BeLessThanOrEqualTo(0, "nothing scrolls sideways on a phone");
        var nav = await session.Page.Locator(".app-nav").BoundingBoxAsync();
        nav.Should().NotBeNull();
        (nav!.Y + nav.Height).Should().BeApproximately(Height, 1, "the navigation sits at the bottom of the screen");
        nav.Width.Should().BeApproximately(Width, 1);
        var row = await session.Row(HdfcBank).BoundingBoxAsync();
        (row!.X + row.Width).Should().BeLessThanOrEqualTo(Width + 0.5f, "a row fits the screen width");
        await Expect(session.Row(HdfcBank).GetByTestId("row-buy")).ToBeInViewportAsync();
        var clipped = await session.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid="row-symbol"]')]
              .filter((e) => e.scrollWidth > e.clientWidth)
              .map((e) => e.textContent)
            """);
        clipped.Should().BeEmpty("short symbols such as NIFTY 50 are shown whole on a phone");

        await session.ScreenshotAsync("watchlist-phone-390x844");

        await session.Row(HdfcBank).GetByTestId("row-open").ClickAsync();
        var panel = session.ByTestId("detail-panel");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(session.Page.Locator("[data-testid=\"depth-row\"]").First.Locator("[data-field=\"bidPrice\"]")).Not.ToHaveTextAsync(Dash);
        cancellationToken.ThrowIfCancellationRequested();
        var sheet = await panel.BoundingBoxAsync();
        sheet!.Width.Should().BeApproximately(Width, 1, "the detail panel is a full-width sheet on a phone");
        sheet.Y.Should().BeApproximately(0, 1, "the sheet starts at the top of the screen");
        (sheet.Y + sheet.Height).Should().BeApproximately(nav.Y, 1, "the sheet ends where the bottom navigation starts");
        await session.ByTestId("detail-buy").ScrollIntoViewIfNeededAsync();
        await Expect(session.ByTestId("detail-buy")).ToBeInViewportAsync(new() { Ratio = 0.9f });

        await session.ScreenshotAsync("detail-panel-phone-390x844");
    }

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task PriceChange_WithReducedMotion_IsOutlinedOnlyForAMoment(CancellationToken cancellationToken)
    {
        var session = await OpenPageAsync(reducedMotion: true);
        await session.GotoAsync();

        // In one synchronous step (no tick can land in between): a changing price is outlined while its change
        // marker runs, and once that ends the outline is gone (it must not stay on every price that ever moved).
        await session.Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-testid=\"row-ltp\"]')].some((e) => e.getAnimations().length > 0)",
            null,
            new() { Timeout = FewSecondsMs });
        var json = await session.Page.EvaluateAsync<string>("""
            () => {
              const ltp = [...document.querySelectorAll('[data-testid="row-ltp"]')].find((e) => e.getAnimations().length > 0);
              const during = getComputedStyle(ltp).outlineStyle;
              ltp.getAnimations().forEach((a) => a.finish());
              return JSON.stringify({ during, after: getComputedStyle(ltp).outlineStyle });
            }
            """);
        cancellationToken.ThrowIfCancellationRequested();
        var outline = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        outline["during"].Should().Be("solid", "the change is marked without motion");
        outline["after"].Should().Be("none", "the mark goes once the moment passed");
    }

    private static bool IsWatchlistSave(IResponse response) =>
        response.Request.Method == "PUT" && response.Url.EndsWith("/api/watchlist", StringComparison.Ordinal);

    private sealed record DepthBook(double[] Bids, double[] Asks, double[] BidQuantities, double TotalBid);
}
