using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Intake;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Microsoft.Extensions.Options;

namespace Dispatch.Benchmarks;

/// <summary>
/// Files on cases (docs/attachments.md): 2 MB photos uploaded through the real Api (<c>POST /api/cases/{n}/attachments</c>, as
/// agent1 with a bearer token, several clients at once) against the raw copy of the same bytes to the same filesystem in the same
/// run — each written by as many writers to a temporary file, fsync'd, and renamed into place, which is what
/// <see cref="FileSystemBlobStore"/> does with a blob. Between the two: PDFs of the same sizes through the same endpoint (stored as
/// sent: a photo's upload without its decode, re-encode and thumbnail), and the blob store alone in this process (the raw write plus
/// its hash, its two levels of directories and its modification time). The Api's CPU per file says what the re-encode costs; one
/// photo's <see cref="FileIntake.Prepare"/> timed in this process says how long it takes. Then the download path: the uploaded
/// photos read back through <c>GET …/content</c> against reading the same blob files.
/// <para>
/// The runs alternate their order round by round, so the machine's drift (other work on its cores) falls on each alike.
/// </para>
/// </summary>
public static class UploadBenchmark
{
    /// <summary>Files on one case at most here, well under Attachments:MaxPerCase (20): each upload checks the count.</summary>
    private const int FilesPerCase = 10;

    public const string PhotoUpload = "upload, photo (re-encoded, thumbnailed)";
    public const string PdfUpload = "upload, PDF of the same size (stored as sent)";
    public const string StoreOnly = "blob store alone (FileSystemBlobStore.PutAsync, in process)";
    public const string RawWrite = "raw write (temporary file, fsync, rename)";
    public const string Download = "download (GET …/content, access log row first)";
    public const string RawRead = "raw read of the same blob files";

    /// <param name="ApiCpuMsPerFile">The Api process's CPU (user + system) per file through the run, or null where the Api took no part.</param>
    /// <param name="ApiPeakRssMb">The Api's highest resident set (VmRSS, read every 50 ms) during the run, or null.</param>
    public sealed record Figures(string Path, int Files, long Bytes, double Seconds, double P50Ms, double P95Ms, double? ApiCpuMsPerFile, double? ApiPeakRssMb)
    {
        public double FilesPerSecond => Files / Seconds;

        public double MegabytesPerSecond => Bytes / (1024.0 * 1024.0) / Seconds;
    }

    /// <param name="Filesystem">Where the Api's Attachments:Path and the raw copy both were (type, device, mount point).</param>
    /// <param name="PhotoMeanBytes">The photos' mean size as sent; the PDFs are the same sizes.</param>
    /// <param name="StoredMeanBytes">The photos' mean size as the Api stored them (re-encoded at JPEG 90), their thumbnails' beside.</param>
    /// <param name="ReencodeP50Ms">One photo's <see cref="FileIntake.Prepare"/> at a time in this process: p50 (and p95) ms of wall time,
    /// and the process's CPU per photo.</param>
    /// <param name="ApiRestingRssMb">The Api's resident set once started, before the first upload.</param>
    public sealed record Result(string Filesystem, int Clients, int Rounds, int WarmUp, int Quality, double PhotoMeanBytes, double StoredMeanBytes,
        double ThumbnailMeanBytes, IReadOnlyList<Figures> Uploads, IReadOnlyList<Figures> Downloads, int Reencodes, double ReencodeP50Ms,
        double ReencodeP95Ms, double ReencodeCpuMs, double ApiRestingRssMb);

    public static async Task<Result> RunAsync(BenchServers servers, int files, int clients, int rounds, bool calibrate = false)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var warmUp = clients;
        var photos = BenchPhotos.Make(warmUp + files, calibrate);
        var pdfs = photos.Photos.Select((p, i) => BenchPhotos.Pdf(p.Length, i)).ToList();
        // One folder on the disk the repository is on (where .dispatch-local lives): the Api's volume and the raw copy side by side.
        var folder = Path.Combine(BenchHost.Root(), ".dispatch-local", $"bench-uploads-{Guid.NewGuid():N}");
        var (apiBlobs, raw, store) = (Path.Combine(folder, "attachments"), Path.Combine(folder, "raw"), Path.Combine(folder, "store"));
        Directory.CreateDirectory(apiBlobs);
        Directory.CreateDirectory(raw);
        var blobStore = new FileSystemBlobStore(Options.Create(new AttachmentOptions { Path = store }), TimeProvider.System);
        try
        {
            await using var bench = await BenchDatabase.CreateAsync(servers.AdminPostgres, "uploads", 20);
            var environment = IntakeBenchmark.Environment(bench.ConnectionString, servers);
            environment["Attachments__Path"] = apiBlobs;
            environment["RateLimits__PerAddress__PermitLimit"] = "1000000";
            environment["RateLimits__PerAddress__PermitsPerPeriod"] = "1000000";
            await using var api = await BenchHost.StartAsync("Dispatch.Api", environment);
            var token = await new UserDirectory(bench.Database, TimeProvider.System).IssueTokenAsync("agent1", "bench", null, CancellationToken.None);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
            {
                BaseAddress = api.BaseAddress,
                Timeout = TimeSpan.FromMinutes(5),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var resting = api.SampleRss() / (1024.0 * 1024.0);

            // Consecutive uploads go to different cases, so the clients do not queue on one case's version.
            var uploads = 2 * (warmUp + files);
            var cases = new List<string>();
            for (var i = 0; i < Math.Max(clients, (uploads + FilesPerCase - 1) / FilesPerCase); i++)
            {
                cases.Add(await FileCaseAsync(http));
            }

            var uploaded = -1;
            string NextCase() => cases[Interlocked.Increment(ref uploaded) % cases.Count];
            var stored = new System.Collections.Concurrent.ConcurrentBag<Uploaded>();
            async Task<long> PhotoAsync(int i)
            {
                var file = await UploadAsync(http, NextCase(), photos.Photos[i], $"IMG_{i:D4}.jpg", "image/jpeg");
                stored.Add(file);
                return photos.Photos[i].Length;
            }

            async Task<long> PdfAsync(int i)
            {
                await UploadAsync(http, NextCase(), pdfs[i], $"notice-{i:D4}.pdf", "application/pdf");
                return pdfs[i].Length;
            }

            async Task<long> RawAsync(int i)
            {
                await RawWriteAsync(Path.Combine(raw, $"{i:D6}"), photos.Photos[i]);
                return photos.Photos[i].Length;
            }

            async Task<long> StoreAsync(int i)
            {
                await blobStore.PutAsync(photos.Photos[i], CancellationToken.None);
                return photos.Photos[i].Length;
            }

            // Untimed: the Api's first uploads (JIT, pools, SkiaSharp's first decode) and the disk's first writes in each folder.
            await TimeAsync(Enumerable.Range(0, warmUp).ToList(), clients, PhotoAsync);
            await TimeAsync(Enumerable.Range(0, warmUp).ToList(), clients, PdfAsync);
            await TimeAsync(Enumerable.Range(0, warmUp).ToList(), clients, RawAsync);
            await TimeAsync(Enumerable.Range(0, warmUp).ToList(), clients, StoreAsync);
            stored.Clear();

            var runs = new (string Path, Func<int, Task<long>> One, bool OnApi)[]
            {
                (PhotoUpload, PhotoAsync, true), (RawWrite, RawAsync, false), (PdfUpload, PdfAsync, true), (StoreOnly, StoreAsync, false),
            };
            var timed = runs.ToDictionary(r => r.Path, _ => new List<Timed>());
            for (var round = 0; round < rounds; round++)
            {
                var slice = Enumerable.Range(warmUp + (files * round / rounds), (files * (round + 1) / rounds) - (files * round / rounds)).ToList();
                // Each round starts one run later: over the rounds every run comes first, second, ... in turn.
                for (var k = 0; k < runs.Length; k++)
                {
                    var run = runs[(k + round) % runs.Length];
                    timed[run.Path].Add(await TimeAsync(slice, clients, run.One, run.OnApi ? api : null));
                }
            }

            // One photo at a time, as the Api prepares each: decoded, turned upright, re-encoded at JPEG 90, thumbnailed.
            var reencodes = Math.Min(files, Math.Max(4, files / 8));
            var prepared = new List<double>();
            var (storedBytes, thumbnailBytes) = (0L, 0L);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var photo in photos.Photos.Skip(warmUp).Take(reencodes))
            {
                var start = Stopwatch.GetTimestamp();
                var file = FileIntake.Prepare(photo, "IMG.jpg", new AttachmentOptions()).File
                           ?? throw new InvalidOperationException("The benchmark's photo was refused.");
                prepared.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                (storedBytes, thumbnailBytes) = (storedBytes + file.Bytes.LongLength, thumbnailBytes + (file.Thumbnail?.LongLength ?? 0));
            }

            var reencodeCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / reencodes;

            // The download path: the photos just uploaded, through the Api (a caller's file: its access is logged before a byte is sent),
            // then the same blob files read from the Api's folder. Both from the page cache: the files were written moments ago.
            var downloads = stored.ToList();
            var download = await TimeAsync(Enumerable.Range(0, downloads.Count).ToList(), clients,
                i => DownloadAsync(http, downloads[i]), api);
            var rawRead = await TimeAsync(Enumerable.Range(0, downloads.Count).ToList(), clients,
                i => ReadAsync(Path.Combine(apiBlobs, downloads[i].Sha256[..2], downloads[i].Sha256[2..4], downloads[i].Sha256)));

            prepared.Sort();
            return new Result(Filesystem(folder), clients, rounds, warmUp, photos.Quality, photos.Photos.Average(p => p.Length),
                downloads.Average(d => d.Size), (double)thumbnailBytes / reencodes,
                [.. runs.Select(r => Sum(r.Path, timed[r.Path]))],
                [Sum(Download, [download]), Sum(RawRead, [rawRead])],
                reencodes, Percentile(prepared, 0.5), Percentile(prepared, 0.95), reencodeCpuMs, resting);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A photo the Api stored: where, and the blob it is.</summary>
    private sealed record Uploaded(string Case, Guid Id, string Sha256, long Size);

    /// <summary>One run: its files, the bytes they carried, its wall time, each file's latency, the Api's CPU through it (seconds) and its peak RSS.</summary>
    private sealed record Timed(int Files, long Bytes, double Seconds, double[] LatenciesMs, double? ApiCpuSeconds, long? ApiPeakRssBytes);

    /// <summary><paramref name="clients"/> at once take the next item until none is left; each item's time from its start to its end.</summary>
    private static async Task<Timed> TimeAsync(List<int> items, int clients, Func<int, Task<long>> one, BenchHost? api = null)
    {
        var latencies = new double[items.Count];
        var (bytes, next) = (0L, -1);
        var cpuBefore = api is null ? 0 : CpuMeter.Read(api.ProcessId, [])[CpuMeter.Api];
        using var sampling = new CancellationTokenSource();
        var peak = api is null ? Task.FromResult(0L) : PeakRssAsync(api, sampling.Token);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < items.Count)
            {
                var start = Stopwatch.GetTimestamp();
                var sent = await one(items[k]);
                latencies[k] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Add(ref bytes, sent);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        double? cpu = api is null ? null : CpuMeter.Read(api.ProcessId, [])[CpuMeter.Api] - cpuBefore;
        await sampling.CancelAsync();
        return new Timed(items.Count, bytes, seconds, latencies, cpu, api is null ? null : await peak);
    }

    private static Figures Sum(string path, IReadOnlyList<Timed> runs)
    {
        var files = runs.Sum(r => r.Files);
        var latencies = runs.SelectMany(r => r.LatenciesMs).Order().ToList();
        var cpu = runs.All(r => r.ApiCpuSeconds is not null) ? runs.Sum(r => r.ApiCpuSeconds!.Value) * 1000 / files : (double?)null;
        var rss = runs.All(r => r.ApiPeakRssBytes is not null) ? runs.Max(r => r.ApiPeakRssBytes!.Value) / (1024.0 * 1024.0) : (double?)null;
        return new Figures(path, files, runs.Sum(r => r.Bytes), runs.Sum(r => r.Seconds), Percentile(latencies, 0.5), Percentile(latencies, 0.95), cpu, rss);
    }

    private static async Task<string> FileCaseAsync(HttpClient http)
    {
        var request = new FileCaseRequest("complaint", "010201", "phone", new CallerInput("张三", "13800138000", false),
            new LocationInput("DM", "DM-S02", "DM-S02-C01", "DM-S02-C01-G01", "翠苑一区5幢", 30.28, 120.13), "路灯不亮",
            "小区门口路灯坏了一个星期，晚上很黑，附上照片。", "normal");
        using var response = await http.PostAsJsonAsync(new Uri("/api/cases", UriKind.Relative), request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Filing a case answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var filed = await response.Content.ReadFromJsonAsync<JsonElement>();
        return filed.GetProperty("number").GetString() ?? throw new InvalidOperationException("The filed case has no number.");
    }

    private static async Task<Uploaded> UploadAsync(HttpClient http, string number, byte[] bytes, string name, string mediaType)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(file, "file", name);
        using var response = await http.PostAsync(new Uri($"/api/cases/{number}/attachments", UriKind.Relative), form);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Uploading {name} to case {number} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Uploaded(number, view.GetProperty("id").GetGuid(), view.GetProperty("sha256").GetString()!, view.GetProperty("size").GetInt64());
    }

    private static async Task<long> DownloadAsync(HttpClient http, Uploaded file)
    {
        using var response = await http.GetAsync(new Uri($"/api/cases/{file.Case}/attachments/{file.Id}/content", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Downloading {file.Id} of case {file.Case} answered {(int)response.StatusCode}.");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        return await CountAsync(body);
    }

    /// <summary>The raw write: what <see cref="FileSystemBlobStore.PutAsync"/> does with the bytes, without the hash, directories or time.</summary>
    private static async Task RawWriteAsync(string path, byte[] bytes)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
        {
            await file.WriteAsync(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
    }

    /// <summary>The raw read: the blob file opened as the store opens it for a download, read to the end.</summary>
    private static async Task<long> ReadAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81_920,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await CountAsync(file);
    }

    private static async Task<long> CountAsync(Stream stream)
    {
        var buffer = new byte[81_920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The Api's highest resident set, read every 50 ms until cancelled.</summary>
    private static async Task<long> PeakRssAsync(BenchHost api, CancellationToken cancellationToken)
    {
        var peak = api.SampleRss();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            peak = Math.Max(peak, api.SampleRss());
        }

        return Math.Max(peak, api.SampleRss());
    }

    /// <summary>The filesystem <paramref name="path"/> is on, from /proc/self/mountinfo: its type, its device and where it is mounted.</summary>
    private static string Filesystem(string path)
    {
        if (!File.Exists("/proc/self/mountinfo"))
        {
            return "?";
        }

        // Each line: id parent major:minor root mount-point options [optional fields] - type source super-options.
        var best = File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Select(f => (MountPoint: f[4], Type: f[Array.IndexOf(f, "-") + 1], Source: f[Array.IndexOf(f, "-") + 2]))
            .Where(m => path.StartsWith(m.MountPoint.TrimEnd('/') + "/", StringComparison.Ordinal) || path == m.MountPoint)
            .MaxBy(m => m.MountPoint.Length);
        return best == default ? "?" : $"{best.Type} on {best.Source}, mounted at {best.MountPoint}";
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
