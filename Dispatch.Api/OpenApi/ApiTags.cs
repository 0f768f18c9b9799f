namespace Dispatch.Api.OpenApi;

/// <summary>
/// The tags that group the Api's operations, each with the description the OpenAPI document gives it (a generated client makes one
/// class per tag). An endpoint takes its tag from here, so that no tag goes undescribed.
/// </summary>
public static class ApiTags
{
    public const string Session = "Session";
    public const string Cases = "Cases";
    public const string CaseActions = "Case actions";
    public const string Catalogue = "Catalogue";
    public const string Reports = "Reports";
    public const string Privacy = "Privacy";
    public const string RoutingRules = "Routing rules";
    public const string SlaPolicies = "SLA policies";
    public const string Calendars = "Calendars";
    public const string Departments = "Departments";
    public const string Areas = "Areas";
    public const string Categories = "Categories";
    public const string Users = "Users";
    public const string Tokens = "Tokens";
    public const string AdminRecord = "Administrative record";
    public const string Knowledge = "Knowledge base";
    public const string Attachments = "Attachments";
    public const string Grid = "Grid";

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [Session] = "Signing in at the console with a username and password: the session cookie, who is signed in, signing out.",
        [Cases] = "Intake (受理) and reading cases back: the case (with what you may do to it now), its history, deadlines, return visits, a " +
                  "caller's earlier cases, a department's inbox and the center's list (each case with its deadline light).",
        [CaseActions] = "What departments and the center do to a case, one POST per action, each taking an Idempotency-Key header. " +
                        "Every action answers the case as it now is, with allowedActions; an action the state does not allow is 409 with the actions you " +
                        "may take now.",
        [Catalogue] = "The reference lists a client needs to fill its forms: categories, departments, areas.",
        [Reports] = "Supervisors' and departments' reports: KPI, ranking, live view, hotspots, and the case export; JSON, CSV or XLSX.",
        [Privacy] = "The personal-data access log: who was shown a caller's name or phone, when, through which endpoint.",
        [RoutingRules] = "Administration: the routing table, versioned, with a dry run that replays a period's cases against a proposed table.",
        [SlaPolicies] = "Administration: sign-off and reply limits, warnings, automatic return and supervision (the escalation ladder).",
        [Calendars] = "Working calendars: time zone, working week, the State Council's holidays by year and local days.",
        [Departments] = "Administration: departments and their sub-units, as edited (with versions).",
        [Areas] = "Administration: district › street › community › grid, as edited (with versions).",
        [Categories] = "Administration: the three-level category catalogue, as edited (with versions).",
        [Users] = "Administration: users, their roles and departments.",
        [Tokens] = "Administration: a user's bearer tokens, shown once when issued, revoked by label.",
        [AdminRecord] = "The sealed record of every administrative change, and its verification.",
        [Attachments] = "Files on a case: photos (stored without their metadata, with a thumbnail), PDFs and recordings, one per upload, " +
                        "each an audited action; downloads under the case's visibility, a citizen's file recorded in the personal-data access log.",
        [Grid] = "The grid (网格): grid workers' patrol reports (巡查上报), filed from the field with photos, routed or closed on the spot " +
                 "(就地办结). Forwarding to a grid station and verifying on site (上门核实) are case actions.",
        [Knowledge] = "The knowledge base (知识库) agents answer from: entries written by departments, reviewed and published by the center's " +
                      "editors, versioned, searched in Chinese (docs/knowledge.md), imported and exported as CSV or XLSX.",
    };
}
