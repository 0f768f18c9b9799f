using Dispatch.Api.Exports;
using Microsoft.OpenApi;

namespace Dispatch.Api.OpenApi;

/// <summary>
/// Declares a report's file answers beside its JSON one: with <c>?format=csv</c> or <c>xlsx</c> it answers 200 with a CSV or XLSX
/// file (<see cref="ExportResult{T}"/>), a binary stream. ASP.NET Core 10 keeps one declared response type per status code (a second
/// <c>Produces</c> for 200 would replace the JSON one), so the files' media types are added to the 200 response in the document.
/// </summary>
public static class ExportResponses
{
    public static RouteHandlerBuilder ProducesExports(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            ArgumentNullException.ThrowIfNull(operation);
            if (operation.Responses?.GetValueOrDefault("200")?.Content is not { } content)
            {
                throw new InvalidOperationException($"{operation.OperationId} declares no 200 answer for its files to join.");
            }

            foreach (var type in new[] { ExportFormats.CsvContentType, ExportFormats.XlsxContentType })
            {
                content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }

            return Task.CompletedTask;
        });
}
