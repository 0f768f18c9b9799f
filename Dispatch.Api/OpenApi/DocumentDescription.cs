using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.OpenApi;

/// <summary>What the document says about the Api as a whole: title, description, licence, where it is served, and what each tag groups.</summary>
public sealed class DocumentDescription : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "Dispatch: the 12345 citizen-service hotline API",
            Version = document.Info?.Version ?? "v1",
            Description = """
                Intake (受理), dispatch (派单), department actions, return visits (回访), reports and administration for a 12345 hotline.

                - Every call but the health probes needs a bearer token (`Authorization: Bearer dsp_…`, integrations) or a session
                  (people at the console: `POST /api/session` sets the `dispatch.session` cookie; a change made with it also sends
                  `X-XSRF-TOKEN`, the `XSRF-TOKEN` cookie's value). What a caller may do and see follows their role and department.
                  Signed out, or a missing or unknown token, is 401; a role that may not do something is 403.
                - Every error is an RFC 9457 problem (`application/problem+json`); a 400 names each refused field under `errors`.
                - Commands take an `Idempotency-Key` header: a retry with the same key and body does nothing twice.
                - Callers are limited per user (per address without a token): past the limit the answer is 429 with `Retry-After`.
                  A 503 (database unavailable, request too long) also carries `Retry-After`.
                """,
            // The repository carries no licence: the code is the operator's, and the document says so rather than inventing one.
            License = new OpenApiLicense { Name = "Proprietary: all rights reserved", Identifier = "LicenseRef-Proprietary" },
        };

        // Relative, so that a client calls the host that served the document: the request's own host would be a container's name
        // or localhost behind a proxy.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that served this document." }];

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && ApiTags.Descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
