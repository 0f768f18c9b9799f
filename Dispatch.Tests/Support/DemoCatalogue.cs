using Dispatch.Workers.Catalogue;

namespace Dispatch.Tests.Support;

/// <summary>The demo district's reference data, straight from the embedded seed: no database needed.</summary>
public static class DemoCatalogue
{
    public static Catalogue Instance { get; } = Build();

    private static Catalogue Build()
    {
        var seed = DemoSeed.Load();
        return new Catalogue(
            seed.Departments.Select(d => new Department(d.Code, d.Name, d.Parent, d.Kind, true, d.Area)),
            seed.Areas.Select(a => new Area(a.Code, a.Name, a.Level, a.Parent)),
            seed.Categories.Select(c => new Category(c.Code, c.Name, c.Parent, c.Level)));
    }
}
