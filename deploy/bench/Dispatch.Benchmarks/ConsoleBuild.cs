using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dispatch.Benchmarks;

/// <summary>
/// What the built console (Vite's output in a web root) makes a browser fetch, read from the build itself: the entry (index.html's
/// script, its module preloads and stylesheets, and every chunk those import statically) and, on top, what a route's lazy import
/// loads (its chunk and everything Vite preloads with it: the <c>__vite__mapDeps</c> list of that import, CSS included). Sizes raw
/// and gzip (the smallest-size level, as <c>npm run bundle-size</c> measures with zlib level 9).
/// </summary>
public sealed partial class ConsoleBuild
{
    /// <param name="Path">Relative to the web root, e.g. <c>assets/index-8hX2xzMU.js</c>.</param>
    public sealed record Asset(string Path, long RawBytes, long GzipBytes)
    {
        public bool IsScript => Path.EndsWith(".js", StringComparison.Ordinal);
    }

    private readonly string _webRoot;
    private readonly Dictionary<string, Asset> _sizes = [];

    private ConsoleBuild(string webRoot) => _webRoot = webRoot;

    /// <summary>What index.html makes the browser fetch before any route runs.</summary>
    public IReadOnlyList<Asset> Entry { get; private set; } = [];

    public static ConsoleBuild Read(string webRoot)
    {
        var html = File.ReadAllText(Path.Combine(webRoot, "index.html"));
        var build = new ConsoleBuild(webRoot);
        build.Entry = build.Closure(HtmlAssets().Matches(html).Select(m => m.Groups["path"].Value).Distinct());
        return build;
    }

    /// <summary>
    /// What the lazy import of the route component <paramref name="component"/> (its chunk is named after the .vue file, e.g.
    /// AgentDeskView) loads beyond the entry, found in whichever entry chunk imports it.
    /// </summary>
    public IReadOnlyList<Asset> Route(string component)
    {
        foreach (var chunk in Entry.Where(a => a.IsScript))
        {
            var text = File.ReadAllText(Path.Combine(_webRoot, chunk.Path));
            var import = Regex.Match(text, $"""import\("\./({Regex.Escape(component)}-[\w-]+\.js)"\)(?:,__vite__mapDeps\(\[(?<deps>[\d,]*)\]\))?""");
            if (!import.Success)
            {
                continue;
            }

            var files = new List<string> { Sibling(chunk.Path, import.Groups[1].Value) };
            if (import.Groups["deps"].Value is { Length: > 0 } indexes && DepsList().Match(text) is { Success: true } list)
            {
                var deps = JsonSerializer.Deserialize<string[]>(list.Groups["list"].Value) ?? [];
                files.AddRange(indexes.Split(',').Select(i => deps[int.Parse(i, System.Globalization.CultureInfo.InvariantCulture)]));
            }

            var entry = Entry.Select(a => a.Path).ToHashSet();
            return [.. Closure(files).Where(a => !entry.Contains(a.Path))];
        }

        throw new InvalidOperationException(
            $"No lazy import of {component} in the console's entry chunks ({string.Join(", ", Entry.Select(a => a.Path))}): did the route or the file's name change?");
    }

    /// <summary>The largest JavaScript chunk (by gzip) that the entry does not load: one that some screen loads when it is opened.</summary>
    public Asset LargestLazyChunk()
    {
        var entry = Entry.Select(a => a.Path).ToHashSet();
        return Directory.EnumerateFiles(Path.Combine(_webRoot, "assets"), "*.js")
            .Select(f => "assets/" + Path.GetFileName(f))
            .Where(p => !entry.Contains(p))
            .Select(Size)
            .MaxBy(a => a.GzipBytes) ?? new Asset("(none)", 0, 0);
    }

    /// <summary>The files and every JavaScript chunk they import statically, in the order found.</summary>
    private List<Asset> Closure(IEnumerable<string> files)
    {
        var seen = new List<string>();
        var pending = new Queue<string>(files);
        while (pending.TryDequeue(out var file))
        {
            if (seen.Contains(file))
            {
                continue;
            }

            seen.Add(file);
            if (file.EndsWith(".js", StringComparison.Ordinal))
            {
                foreach (Match m in StaticImport().Matches(File.ReadAllText(Path.Combine(_webRoot, file))))
                {
                    pending.Enqueue(Sibling(file, m.Groups["file"].Value));
                }
            }
        }

        return [.. seen.Select(Size)];
    }

    private Asset Size(string path)
    {
        if (!_sizes.TryGetValue(path, out var asset))
        {
            var bytes = File.ReadAllBytes(Path.Combine(_webRoot, path));
            using var gzipped = new MemoryStream();
            using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            _sizes[path] = asset = new Asset(path, bytes.Length, gzipped.Length);
        }

        return asset;
    }

    /// <summary>A chunk's import "./x.js" is beside the chunk: both are in assets/.</summary>
    private static string Sibling(string chunk, string relative) =>
        (Path.GetDirectoryName(chunk) is { Length: > 0 } folder ? folder + "/" : "") + relative.TrimStart('.', '/');

    /// <summary>index.html's script, module preloads and stylesheets (Vite writes them as /assets/…).</summary>
    [GeneratedRegex("""<(?:script|link)\b[^>]*\b(?:src|href)="/(?<path>assets/[^"]+\.(?:js|css))"[^>]*>""")]
    private static partial Regex HtmlAssets();

    /// <summary>A static import in a minified chunk: <c>import{a as b}from"./x.js"</c> or <c>import"./x.js"</c> (not <c>import("./x.js")</c>).</summary>
    [GeneratedRegex(@"(?:\bfrom|\bimport)\s*""(?<file>\./[\w.-]+\.js)""")]
    private static partial Regex StaticImport();

    /// <summary>The list of files Vite's preload helper maps dependency numbers to: <c>m.f=["assets/…",…]</c>.</summary>
    [GeneratedRegex("""m\.f=(?<list>\[[^\]]*\])""")]
    private static partial Regex DepsList();
}
