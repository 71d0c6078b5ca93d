using Relay.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Relay.Tests.Web;

/// <summary>Paper trading from the page (the simulator feed selects the paper broker): ticket, orders, positions.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class PaperTradingPageTests : WebFixture
{
    private const string Reliance = "NSE_EQ:2885";
    private const string Dash = "\u2014";

    [Test]
    [CancelAfter(TestTimeoutMs)]
    public async Task BuyFromTheWatchlist_MarketOrder_ShowsInOrdersAndPositions(CancellationToken cancellationToken)
    {
        // Needs POST/GET /api/orders, GET /api/positions and GET /api/funds on the server.
        var session = await OpenPageAsync();
        await session.GotoAsync();
        await session.AddFromSearchAsync("RELIANCE", Reliance);
        var row = session.Row(Reliance);
        await Expect(row.GetByTestId("row-ltp")).Not.ToHaveTextAsync(Dash);

        await row.GetByTestId("row-buy").ClickAsync();
        var ticket = session.ByTestId("order-ticket");
        await Expect(ticket).ToBeVisibleAsync();
        await Expect(session.ByTestId("ticket-title")).ToContainTextAsync("RELIANCE");
        await Expect(session.ByTestId("ticket-side-buy")).ToBeCheckedAsync();
        await Expect(session.ByTestId("ticket-type-market")).ToBeCheckedAsync();
        await Expect(session.ByTestId("ticket-product-intraday")).ToBeCheckedAsync();
        await session.ByTestId("ticket-quantity").FillAsync("3");
        await session.ByTestId("ticket-submit").ClickAsync();

        var message = session.ByTestId("ticket-message");
        await Expect(message).ToHaveAttributeAsync("data-tone", "ok", new() { Timeout = FewSecondsMs });
        await Expect(message).ToContainTextAsync("BUY 3 RELIANCE");
        await Expect(ticket).ToBeHiddenAsync(new() { Timeout = FewSecondsMs });

        await session.ByTestId("nav-orders").ClickAsync();
        await Expect(session.ByTestId("view-orders")).ToBeVisibleAsync();
        var order = session.Page.Locator("[data-testid=\"order-row\"]").Filter(new() { HasText = "RELIANCE" }).First;
        await Expect(order).ToContainTextAsync("BUY");
        await Expect(order).ToHaveAttributeAsync("data-status", "TRADED", new() { Timeout = FewSecondsMs });

        await session.ByTestId("nav-positions").ClickAsync();
        await Expect(session.ByTestId("view-positions")).ToBeVisibleAsync();
        var position = session.Page.Locator($"[data-testid=\"position-row\"][data-key=\"{Reliance}\"]");
        await Expect(position).ToContainTextAsync("INTRADAY", new() { Timeout = FewSecondsMs });
        await Expect(position.Locator("td").Nth(2)).ToHaveTextAsync("+3");
        await Expect(position.GetByTestId("position-unrealized")).Not.ToHaveTextAsync(Dash);

        await session.ByTestId("nav-account").ClickAsync();
        await Expect(session.ByTestId("funds-availableBalance")).ToBeVisibleAsync();
        cancellationToken.ThrowIfCancellationRequested();
        await Expect(session.ByTestId("funds-message")).ToBeHiddenAsync();
    }
}
