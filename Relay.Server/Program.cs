using Relay.Core.Engine;
using Relay.Core.Instruments;
using Relay.Server.Admin;
using Relay.Server.ApiDocs;
using Relay.Server.Auth;
using Relay.Server.Compat;
using Relay.Server.Health;
using Relay.Server.Hosting;
using Relay.Server.Hubs;
using Relay.Server.Instruments;
using Relay.Server.Limits;
using Relay.Server.Market;
using Relay.Server.Observability;
using Relay.Server.Storage;
using Relay.Server.Trading;
using Relay.Server.Watchlists;

// Before anything rents from ArrayPool<byte>.Shared: the pool reads its size once (see SharedArrayPoolSizing).
SharedArrayPoolSizing.Apply();

// `dotnet run --project Relay.Server -- import-instruments path/to/file.csv` imports a scrip master and exits.
var importing = args is [ImportInstrumentsCommand.Name, ..];
var builder = WebApplication.CreateBuilder(importing ? args[1..].Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray() : args);

// Storage first: its hosted service restores persisted market state before the feed starts.
builder.Services.AddRelayStorage(builder.Configuration, BundledInstruments.OpenCsv);
builder.Services.AddSingleton<IMarketStateStoreAccess, MarketStateStoreAccess>();
builder.Services.AddHostedService<StoredCredentialsLoader>();
builder.Services.AddRelayCore(builder.Configuration);
builder.Services.AddRelayHub(builder.Configuration);
builder.Services.AddSingleton<IInstrumentCatalog, InstrumentMasterCatalog>();
builder.Services.AddRelayTrading(builder.Configuration);
builder.Services.AddRelayAuth(builder.Configuration);
builder.Services.AddRelayLimits(builder.Configuration);
builder.Services.AddRelayObservability();
builder.Services.AddRelayHealth();
builder.Services.AddRelayAdmin(builder.Configuration);
builder.Services.AddRelayApiDocs();
builder.Services.AddProblemDetails();

var app = builder.Build();

if (importing)
{
    await app.Services.InitializeRelayStorageAsync();
    return await ImportInstrumentsCommand.RunAsync(args, app.Services, Console.Out, CancellationToken.None);
}

// Token-less access is for this machine only: refuse to listen beyond loopback without user tokens.
if (ListenAddressGuard.RefusesToStart(app))
{
    return 1;
}

await app.Services.InitializeRelayStorageAsync();
StartupBanner.Register(app);

// The watchlist page. wwwroot/ is generated from web/ by the build (see Relay.Server.csproj). Its file names are
// not fingerprinted, so browsers revalidate them (ETag) rather than mix cached and new modules after an upgrade.
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
});

// Everything below the static page is closed unless an endpoint says otherwise (the fallback policy needs a user).
// Order matters: CORS answers preflights first; the rate limiter partitions by the authenticated user.
app.UseCors();
app.UseAuthentication();
app.UseRelayRateLimiter();
app.UseAuthorization();
app.UseRelayConnectionTracking();

app.MapRelayHealth();
app.MapRelayHub().RequireAuthorization();
app.MapMarketEndpoints().RequireAuthorization();
app.MapCompatWebSocket().RequireAuthorization();
app.MapInstrumentEndpoints().RequireAuthorization();
app.MapWatchlistEndpoints();
app.MapTradingEndpoints();
app.MapAdminEndpoints();
app.MapRelayMetrics();
app.MapRelayApiDocs();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host the application.</summary>
public partial class Program;
