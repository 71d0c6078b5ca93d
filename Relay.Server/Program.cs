var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

app.MapGet("/healthz", () => TypedResults.Text("ok"));

app.Run();

/// <summary>Entry point; public so tests can host the application.</summary>
public partial class Program;
