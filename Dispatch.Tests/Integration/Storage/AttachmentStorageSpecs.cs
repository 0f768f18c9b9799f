using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dispatch.Api.Apis;
using Dispatch.Tests.Support;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Tests.Integration.Storage;

/// <summary>
/// The blob store under the case's transaction: a change that rolls back after its bytes were stored leaves no row naming them, and
/// housekeeping removes such blobs once the grace has passed — never one a row names, nor one written within the grace; two Api hosts
/// writing the same and different files into one volume at once leave every blob whole and nothing half-written.
/// </summary>
[Category("Integration")]
public sealed class AttachmentStorageSpecs : HotlineFixture
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly ManualClock _clock = new(Start);

    protected override bool WithWorkers => false;

    protected override TimeProvider Clock => _clock;

    private IServiceProvider Api => Hotline.ApiServices;

    private IBlobStore Blobs => Api.GetRequiredService<IBlobStore>();

    private TimeSpan Grace => Api.GetRequiredService<IOptions<AttachmentOptions>>().Value.OrphanGrace;

    private bool Stored(string sha256) => File.Exists(((FileSystemBlobStore)Blobs).PathOf(sha256));

    private async Task<string> DispatchedCase()
    {
        var filed = await Hotline.Api.FileCaseAsync(Requests.NightNoise());
        return (await (await As("dispatcher1")).ActAsync(filed.Number, "dispatch", new DispatchRequest("UM", ["ENV"], null))).Number;
    }

    [Test]
    public async Task A_rolled_back_change_leaves_nothing_referenced_and_its_blob_is_collected_after_the_grace()
    {
        var number = await DispatchedCase();
        var kept = await Hotline.Api.AttachAsync(number, TestPhotos.JpegWithGps(), "kept.jpg");
        var orphan = await Blobs.PutAsync(TestPhotos.Pdf(), CancellationToken.None);
        var file = new NewAttachment(Guid.CreateVersion7(), orphan, "application/pdf", AttachmentKinds.Document, 120, null, null, null, "x.pdf", null,
            AttachmentOrigins.Staff);
        var database = Api.GetRequiredService<Database>();
        var catalogue = await Api.GetRequiredService<CatalogueStore>().GetAsync(CancellationToken.None);
        var rules = await Api.GetRequiredService<DeadlineRulesStore>().GetAsync(CancellationToken.None);
        var keys = Api.GetRequiredService<AuditKeyRing>();
        var versionBefore = (await Hotline.Api.GetCaseAsync(number)).Version;

        // The attach change written as an upload writes it, then a statement after it in the same transaction fails: all of it rolls back.
        Assert.That(async () => await database.InTransactionAsync<int>(async (connection, transaction, ct) =>
        {
            var current = (await CaseReader.FindByNumberAsync(connection, transaction, number, ct))!;
            var request = new CaseRequest.ByPerson(new CaseCommand.Attach(file, 20), new Actor("um.handler", Roles.Handler, "UM"), catalogue, null, 3);
            var change = ((ChangeOutcome.Changed)CaseChanges.Decide(current, request, CaseClocks.Unread(rules), _clock.GetUtcNow())).Change;
            var writes = new SqlBatch();
            await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.VersionChecked, ct);
            writes.Add("insert into case_attachments (id) values (null)", new { });
            await writes.ExecuteAsync(connection, transaction, ct);
            return 0;
        }, CancellationToken.None), Throws.Exception);

        var rowsNamingIt = await Db.ScalarAsync<long>($"select count(*) from case_attachments where sha256 = '{orphan}' or id = '{file.Id}'");
        var versionAfter = (await Hotline.Api.GetCaseAsync(number)).Version;
        var housekeeping = Api.GetRequiredService<BlobHousekeeping>();
        var early = await housekeeping.SweepAsync(CancellationToken.None);
        var orphanWithinGrace = Stored(orphan);
        _clock.Advance(Grace + TimeSpan.FromMinutes(1));
        var fresh = await Blobs.PutAsync(TestPhotos.Wav(), CancellationToken.None);
        var late = await housekeeping.SweepAsync(CancellationToken.None);
        var keptThumbnail = await Db.ScalarAsync<string>($"select thumbnail_sha256 from case_attachments where id = '{kept.Id}'");

        Assert.Multiple(() =>
        {
            Assert.That(rowsNamingIt, Is.Zero, "no row names the blob");
            Assert.That(versionAfter, Is.EqualTo(versionBefore), "the case did not change");
            Assert.That(early.Deleted, Is.Zero);
            Assert.That(orphanWithinGrace, Is.True, "within the grace the orphan stays: an upload might be about to commit");
            Assert.That(late.Deleted, Is.GreaterThanOrEqualTo(1), "the orphan, and any another spec of this fixture left");
            Assert.That(Stored(orphan), Is.False, "collected after the grace");
            Assert.That(Stored(kept.Sha256!), Is.True, "a referenced file stays");
            Assert.That(Stored(keptThumbnail), Is.True, "and its thumbnail");
            Assert.That(Stored(fresh), Is.True, "a blob written within the grace stays");
        });
    }

    [Test]
    public async Task A_blob_stored_again_after_housekeeping_listed_it_is_kept()
    {
        var bytes = TestPhotos.Png(33, 33);
        var sha256 = await Blobs.PutAsync(bytes, CancellationToken.None);
        _clock.Advance(Grace + TimeSpan.FromMinutes(1));
        var cutoff = _clock.GetUtcNow() - Grace;

        // An upload of the same bytes re-stores them (as it does before its change commits) after housekeeping found them unreferenced.
        await Blobs.PutAsync(bytes, CancellationToken.None);
        var deleted = await Blobs.DeleteAsync(sha256, cutoff, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(deleted, Is.False);
            Assert.That(Stored(sha256), Is.True);
        });
    }

    [Test]
    public async Task Two_Api_hosts_write_the_same_and_different_files_into_one_volume_at_once()
    {
        var overrides = new Dictionary<string, string?> { ["Attachments:Path"] = Hotline.AttachmentsPath, ["Attachments:HousekeepingEnabled"] = "false" };
        await using var second = await DispatchSystem.StartAsync(Db, overrides, withWorkers: false, clock: _clock);
        var numbers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => DispatchedCase()));
        var same = TestPhotos.JpegWithGps(300, 200);
        var clients = new[] { Hotline.Api, second.Api };

        var uploads = await Task.WhenAll(numbers.SelectMany((number, i) => new[]
        {
            clients[i % 2].UploadAsync(number, same, "same.jpg"),
            clients[(i + 1) % 2].UploadAsync(number, TestPhotos.Png(40 + i, 40), $"own-{i}.png", contentType: "image/png"),
        }));
        var files = await Task.WhenAll(uploads.Select(async u => (u.StatusCode, View: await u.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json))));
        var leftovers = Directory.EnumerateFiles(Hotline.AttachmentsPath, "*", SearchOption.AllDirectories)
            .Where(f => !FileSystemBlobStore.IsHash(Path.GetFileName(f))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(files.Select(f => f.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(files.Select(f => f.View!.Sha256).Distinct().Count(), Is.EqualTo(1 + numbers.Length), "one blob for the same bytes");
            foreach (var sha256 in files.Select(f => f.View!.Sha256!).Distinct())
            {
                var path = ((FileSystemBlobStore)Blobs).PathOf(sha256);
                Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), Is.EqualTo(sha256), "each blob whole");
            }

            Assert.That(leftovers, Is.Empty, "no temporary file left behind");
        });
        foreach (var upload in uploads)
        {
            upload.Dispose();
        }
    }
}
