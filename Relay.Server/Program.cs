var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

// The watchlist page: wwwroot/ is generated from web/ by the build (see Relay.Server.csproj).
app.UseDefaultFiles();
app.UseStaticFiles();

app.MapGet("/healthz", () => TypedResults.Text("ok"));

app.Run();

/// <summary>Entry point; public so tests can host the application.</summary>
public partial class Program;
