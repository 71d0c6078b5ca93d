namespace Relay.Server.Auth;

/// <summary>Writes 401/403 answers as RFC 7807 problem details.</summary>
internal static class AuthProblems
{
    /// <summary>Sets <paramref name="status"/> and writes a problem with <paramref name="title"/> and <paramref name="detail"/>.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
