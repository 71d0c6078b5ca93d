using Relay.Core.Engine;
using Relay.Core.Instruments;
using Relay.Server.Compat;
using Relay.Server.Hosting;
using Relay.Server.Hubs;
using Relay.Server.Instruments;
using Relay.Server.Market;
using Relay.Server.Storage;

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
builder.Services.AddProblemDetails();

var app = builder.Build();

if (importing)
{
    await app.Services.InitializeRelayStorageAsync();
    return await ImportInstrumentsCommand.RunAsync(args, app.Services, Console.Out, CancellationToken.None);
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

app.MapGet("/healthz", () => TypedResults.Text("ok"));
app.MapRelayHub();
app.MapMarketEndpoints();
app.MapCompatWebSocket();
app.MapInstrumentEndpoints();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host the application.</summary>
public partial class Program;
