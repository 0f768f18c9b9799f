using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dispatch.Api.OpenApi;

/// <summary>
/// An enum the API writes by name (<see cref="Dispatch.Workers.Deadlines.LimitUnit"/>) is described with its names but without a
/// type, which a generated client then takes for unknown values: its schema says they are strings.
/// </summary>
public sealed class StringEnumSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type.IsEnum && schema.Enum is { Count: > 0 } names && names.All(n => n?.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            schema.Type = JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }
}
