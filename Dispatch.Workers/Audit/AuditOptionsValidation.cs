using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Audit;

/// <summary>A host without a usable key outside Development refuses to start: it could neither seal nor verify.</summary>
internal sealed class AuditOptionsValidation(IHostEnvironment environment) : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options) =>
        AuditKeyRing.From(options, environment.IsDevelopment()).Problem is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
