using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Knowledge;

namespace Dispatch.Tests.Unit.Knowledge;

/// <summary>What an entry must be to be saved, field by field, each problem under its field's path (an import row's with its prefix).</summary>
[Category("Unit")]
public sealed class KnowledgeValidationSpecs
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly Actor Editor = new("editor1", Roles.Editor, null);
    private static readonly Actor Housing = new("housing.handler", Roles.Handler, "HOUSING");
    private static readonly Actor UrbanManagement = new("um.handler", Roles.Handler, "UM");

    private static KnowledgeInput Valid() => new("住房公积金租房提取", "职工连续足额缴存住房公积金满3个月，本人及配偶在本市无自有住房且租房自住的，可申请提取。",
        ["公积金", "租房提取", "房租"], "100102", "guide", "HOUSING", ["DM"], "2026-01-01", "2026-12-31");

    private static Dictionary<string, string[]> Errors(KnowledgeInput input, Actor? actor = null, string prefix = "") =>
        KnowledgeValidation.Check(input, actor ?? Editor, DemoCatalogue.Instance, Today, prefix).Errors;

    [Test]
    public void A_complete_entry_is_valid_as_sent()
    {
        var (draft, errors) = KnowledgeValidation.Check(Valid(), Editor, DemoCatalogue.Instance, Today);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(draft, Is.EqualTo(new KnowledgeDraft("住房公积金租房提取", Valid().Content!, ["公积金", "租房提取", "房租"], "100102", "guide", "HOUSING", ["DM"],
                new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31))).Using<KnowledgeDraft>((a, b) =>
                a.Title == b.Title && a.Keywords.SequenceEqual(b.Keywords) && a.Scope.SequenceEqual(b.Scope) && a.ValidFrom == b.ValidFrom
                && a.ValidUntil == b.ValidUntil && a.DepartmentCode == b.DepartmentCode && a.MaterialType == b.MaterialType));
        });
    }

    [Test]
    public void Defaults_are_the_handlers_department_the_whole_district_and_today_with_no_end()
    {
        var (draft, _) = KnowledgeValidation.Check(Valid() with { DepartmentCode = null, Scope = null, ValidFrom = null, ValidUntil = null }, Housing,
            DemoCatalogue.Instance, Today);

        Assert.That((draft!.DepartmentCode, string.Join(",", draft.Scope), draft.ValidFrom, draft.ValidUntil),
            Is.EqualTo(("HOUSING", "DM", Today, (DateOnly?)null)));
    }

    [Test]
    public void The_title_is_required_and_at_most_128_characters_on_one_line()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Valid() with { Title = null }).Keys, Is.EquivalentTo(new[] { "title" }));
            Assert.That(Errors(Valid() with { Title = "   " }).Keys, Is.EquivalentTo(new[] { "title" }));
            Assert.That(Errors(Valid() with { Title = new string('题', 128) }), Is.Empty);
            Assert.That(Errors(Valid() with { Title = new string('题', 129) })["title"][0], Does.Contain("128"));
            Assert.That(Errors(Valid() with { Title = "第一行\n第二行" }).Keys, Is.EquivalentTo(new[] { "title" }));
        });
    }

    [Test]
    public void The_content_is_required_and_at_most_20000_characters_line_breaks_allowed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Valid() with { Content = "" }).Keys, Is.EquivalentTo(new[] { "content" }));
            Assert.That(Errors(Valid() with { Content = new string('答', 20_000) }), Is.Empty);
            Assert.That(Errors(Valid() with { Content = new string('答', 20_001) })["content"][0], Does.Contain("20000"));
            Assert.That(Errors(Valid() with { Content = "一、材料\n二、流程\t三" }), Is.Empty);
            Assert.That(Errors(Valid() with { Content = "响铃\u0007" }).Keys, Is.EquivalentTo(new[] { "content" }));
            Assert.That(Errors(Valid() with { Content = "半个\ud800字" }).Keys, Is.EquivalentTo(new[] { "content" }));
        });
    }

    [Test]
    public void Each_keyword_is_at_most_20_characters_and_is_kept_once()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Valid() with { Keywords = [new string('词', 20)] }), Is.Empty);
            Assert.That(Errors(Valid() with { Keywords = ["房租", new string('词', 21)] }).Keys, Is.EquivalentTo(new[] { "keywords[1]" }));
            Assert.That(Errors(Valid() with { Keywords = ["房租", ""] }).Keys, Is.EquivalentTo(new[] { "keywords[1]" }));
            Assert.That(Errors(Valid() with { Keywords = [.. Enumerable.Range(0, 31).Select(i => $"词{i}")] }).Keys, Is.EquivalentTo(new[] { "keywords" }));
            Assert.That(KnowledgeValidation.Check(Valid() with { Keywords = ["APP", "app", " 房租 ", "房租"] }, Editor, DemoCatalogue.Instance, Today).Draft!.Keywords,
                Is.EqualTo(new[] { "APP", "房租" }));
        });
    }

    [TestCase("100102", null)]
    [TestCase("070101", null)]
    [TestCase("100100", "sub-categories")]
    [TestCase("100000", "sub-categories")]
    [TestCase("999999", "No active category")]
    [TestCase("", "Required")]
    public void The_category_is_an_active_leaf_of_the_catalogue(string code, string? problem)
    {
        var errors = Errors(Valid() with { CategoryCode = code });

        Assert.That(errors.GetValueOrDefault("categoryCode")?[0], problem is null ? Is.Null : Does.Contain(problem));
    }

    [TestCase("guide", "guide")]
    [TestCase("hot-qa", "hot-qa")]
    [TestCase("通知公告", "notice")]
    [TestCase("政策法规", "policy")]
    [TestCase("faq", null)]
    [TestCase(null, null)]
    public void The_material_type_is_one_of_the_four_by_code_or_chinese_name(string? given, string? saved)
    {
        var (draft, errors) = KnowledgeValidation.Check(Valid() with { MaterialType = given }, Editor, DemoCatalogue.Instance, Today);

        Assert.That(saved is null ? errors.Keys.ToList() : [draft!.MaterialType], Is.EqualTo(new[] { saved ?? "materialType" }));
    }

    [Test]
    public void The_owning_department_must_exist_and_a_handler_writes_for_their_own_or_a_sub_unit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Valid() with { DepartmentCode = "NOPE" }).Keys, Is.EquivalentTo(new[] { "departmentCode" }));
            Assert.That(Errors(Valid() with { DepartmentCode = null }, Editor).Keys, Is.EquivalentTo(new[] { "departmentCode" }), "an editor names it");
            Assert.That(Errors(Valid() with { DepartmentCode = "HOUSING" }, Housing), Is.Empty);
            Assert.That(Errors(Valid() with { DepartmentCode = "ENV" }, Housing)["departmentCode"][0], Does.Contain("own department (HOUSING)"));
            Assert.That(Errors(Valid() with { DepartmentCode = "UM-SQ1" }, UrbanManagement), Is.Empty, "a sub-unit of the handler's");
            Assert.That(Errors(Valid() with { DepartmentCode = "UM" }, new Actor("um-sq1.handler", Roles.Handler, "UM-SQ1")).Keys,
                Is.EquivalentTo(new[] { "departmentCode" }), "not the unit above");
        });
    }

    [Test]
    public void Scope_codes_must_be_areas_each_named_where_it_is_wrong()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Valid() with { Scope = ["DM-S01", "DM-S02-C01-G01"] }), Is.Empty);
            Assert.That(Errors(Valid() with { Scope = ["DM-S01", "MARS", "DM-S02"] }).Keys, Is.EquivalentTo(new[] { "scope[1]" }));
            Assert.That(KnowledgeValidation.Check(Valid() with { Scope = ["DM-S01", "DM-S01"] }, Editor, DemoCatalogue.Instance, Today).Draft!.Scope,
                Is.EqualTo(new[] { "DM-S01" }));
        });
    }

    [TestCase("2026-01-01", "2026-01-01", null)]
    [TestCase("2026-01-02", "2026-01-01", "validUntil")]
    [TestCase("2026-13-01", null, "validFrom")]
    [TestCase("1999-12-31", null, "validFrom")]
    [TestCase(null, "2026-11-30", "validUntil")]
    [TestCase(null, "31/12/2026", "validUntil")]
    public void Validity_runs_from_a_local_date_to_one_on_or_after_it(string? from, string? until, string? field)
    {
        var errors = Errors(Valid() with { ValidFrom = from, ValidUntil = until });

        Assert.That(errors.Keys, field is null ? Is.Empty : Is.EquivalentTo(new[] { field }));
    }

    [Test]
    public void An_import_rows_problems_carry_its_prefix_and_every_bad_field_is_named()
    {
        var errors = Errors(new KnowledgeInput(null, "答", ["关键词超过二十个字符的关键词超过二十个字符"], "100100", "faq", "NOPE", ["MARS"], "x", null),
            prefix: "rows[12].");

        Assert.That(errors.Keys, Is.EquivalentTo(new[]
        {
            "rows[12].title", "rows[12].keywords[0]", "rows[12].categoryCode", "rows[12].materialType", "rows[12].departmentCode", "rows[12].scope[0]",
            "rows[12].validFrom",
        }));
    }
}
