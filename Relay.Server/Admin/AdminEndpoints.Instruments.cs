using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Relay.Server.Instruments;
using Relay.Server.Storage;

namespace Relay.Server.Admin;

/// <summary>Scrip-master import by upload.</summary>
internal static partial class AdminEndpoints
{
    private const int MaxFileNameLength = 200;

    private static readonly string[] CsvContentTypes = ["text/csv", "application/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel"];

    /// <summary>
    /// The body is copied to a temporary file in the data folder first (the importer reads synchronously, and the upload
    /// then never holds the database's write lock), imported all-or-nothing, and deleted.
    /// </summary>
    internal static async Task<Results<Ok<InstrumentImportResult>, ProblemHttpResult>> ImportInstrumentsAsync(
        HttpRequest request,
        bool? prune,
        string? fileName,
        InstrumentCsvImporter importer,
        InstrumentImportGate gate,
        StoragePaths paths,
        IOptions<AdminOptions> options,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var max = options.Value.MaxImportBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = max;
        }

        if (request.ContentLength > max)
        {
            return TooLarge(max);
        }

        if (!gate.TryEnter())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An instrument import is already running; try again when it finished.");
        }

        var temporary = Path.Combine(paths.DataDirectory, $"upload-{Guid.NewGuid():N}.csv.tmp");
        try
        {
            var upload = await SaveUploadAsync(request, temporary, max, cancellationToken);
            if (upload.Problem is { } problem)
            {
                return problem;
            }

            var name = CleanFileName(upload.FileName ?? fileName);
            var result = await importer.ImportFileAsync(temporary, new InstrumentImportOptions { Prune = prune ?? false, FileName = name }, null, cancellationToken);
            AdminLog.Imported(
                loggerFactory.CreateLogger(AdminLog.Category),
                upload.Bytes,
                result.Succeeded
                    ? string.Create(CultureInfo.InvariantCulture, $"{result.Inserted} new, {result.Updated} updated, {result.Removed} removed, {result.RowsSkipped} skipped")
                    : "refused: " + result.Error);
            return result.Succeeded
                ? TypedResults.Ok(result)
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "The file is not a usable scrip master; nothing was imported.",
                    detail: result.Error,
                    extensions: new Dictionary<string, object?> { ["result"] = result });
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }
        finally
        {
            gate.Release();
            TryDelete(temporary);
        }
    }

    private static async Task<Upload> SaveUploadAsync(HttpRequest request, string path, long max, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var contentType = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed : null;
        if (contentType?.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return new Upload(0, null, BadUpload("The multipart body has no boundary."));
            }

            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = max };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    var copied = await CopyAsync(section.Body, file, max, cancellationToken);
                    var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    return copied < 0 ? new Upload(0, null, TooLarge(max)) : Checked(copied, name);
                }
            }

            return new Upload(0, null, BadUpload("The multipart body holds no file: send the CSV as a file field."));
        }

        if (contentType is not null && !CsvContentTypes.Contains(contentType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return new Upload(0, null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the scrip master as text/csv (the body) or as multipart/form-data (a file field)."));
        }

        var bytes = await CopyAsync(request.Body, file, max, cancellationToken);
        return bytes < 0 ? new Upload(0, null, TooLarge(max)) : Checked(bytes, null);

        static Upload Checked(long bytes, string? name) =>
            bytes == 0 ? new Upload(0, name, BadUpload("The upload is empty.")) : new Upload(bytes, name, null);
    }

    // Copies at most max bytes; -1 when the source holds more.
    private static async Task<long> CopyAsync(Stream source, Stream destination, long max, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > max)
            {
                return -1;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }

    private static string CleanFileName(string? name)
    {
        var clean = new string(Path.GetFileName(name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "upload.csv" : clean[..Math.Min(clean.Length, MaxFileNameLength)];
    }

    private static ProblemHttpResult TooLarge(long max) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: string.Create(CultureInfo.InvariantCulture, $"The upload is larger than Relay:Admin:MaxImportBytes ({max} bytes)."));

    private static ProblemHttpResult BadUpload(string title) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless; the next start does not read it.
        }
    }

    private sealed record Upload(long Bytes, string? FileName, ProblemHttpResult? Problem);
}
