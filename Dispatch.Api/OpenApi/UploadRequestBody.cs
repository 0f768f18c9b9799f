using Dispatch.Api.Attachments;
using Microsoft.OpenApi;

namespace Dispatch.Api.OpenApi;

/// <summary>
/// Describes an upload's multipart/form-data body in the document. Not through <c>Accepts</c>: that also makes routing answer any
/// other Content-Type with a bare 415 before the handler, which then cannot name the problem (<see cref="UploadForm"/> does).
/// </summary>
public static class UploadRequestBody
{
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            ArgumentNullException.ThrowIfNull(operation);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "One file, in the part named 'file' (or a recording's id in 'recordingId'), and optionally whose it is.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [UploadForm.FileField] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String, Format = "binary",
                                    Description = "The file: JPEG, PNG, WebP, HEIC (where decodable), PDF, MP3, WAV, AMR or M4A, its type read from its " +
                                                  "bytes; at most Attachments:MaxFileBytes (10 MB). Its name (a name, not a path) is kept and shown.",
                                },
                                [UploadForm.RecordingIdField] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String, MaxLength = 100, Pattern = "^[A-Za-z0-9._:-]+$",
                                    Description = "Instead of a file: the telephony system's id of the call's recording, kept as a link (the caller's).",
                                },
                                [UploadForm.OriginField] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("caller"), System.Text.Json.Nodes.JsonValue.Create("staff")],
                                    Description = "Whose file it is: caller (a citizen's: a photo they sent, the call's recording) or staff. " +
                                                  "Default: caller when an agent uploads, staff otherwise.",
                                },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
}
