using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Dispatch.Api.Access;

/// <summary>
/// Who a request is, as every scheme says it: name, role and department as claims, so a session and a token are the same person to
/// the endpoints (<see cref="CurrentUser.ToActor"/> reads them back).
/// </summary>
internal static class PersonTicket
{
    public static AuthenticateResult Success(string username, string role, string? departmentCode, string scheme)
    {
        List<Claim> claims = [new(ClaimTypes.Name, username), new(ClaimTypes.Role, role)];
        if (departmentCode is not null)
        {
            claims.Add(new Claim(BearerTokenAuthentication.DepartmentClaim, departmentCode));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), scheme));
    }
}
