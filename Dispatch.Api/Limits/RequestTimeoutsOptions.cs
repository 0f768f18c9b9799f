using System.ComponentModel.DataAnnotations;

namespace Dispatch.Api.Limits;

/// <summary>
/// Section "RequestTimeouts": how long a request may run before it is stopped and answered 503 (with Retry-After). The streamed
/// case export (<c>/api/cases/export</c>) reads and writes rows for as long as the period holds cases, so it has its own limit.
/// </summary>
public sealed class RequestTimeoutsOptions : IValidatableObject
{
    public const string Section = "RequestTimeouts";

    public TimeSpan Default { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Exports { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, timeout) in new[] { (nameof(Default), Default), (nameof(Exports), Exports) })
        {
            if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
            {
                yield return new ValidationResult($"{Section}:{name} must be positive and at most an hour.", [name]);
            }
        }
    }
}
