var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

// The watchlist page. wwwroot/ is generated from web/ by the build (see Relay.Server.csproj). Its file names are
// not fingerprinted, so browsers revalidate them (ETag) rather than mix cached and new modules after an upgrade.
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
});

app.MapGet("/healthz", () => TypedResults.Text("ok"));

app.Run();

/// <summary>Entry point; public so tests can host the application.</summary>
public partial class Program;
