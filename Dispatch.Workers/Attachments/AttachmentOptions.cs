using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Attachments;

/// <summary>Section "Attachments": where files on cases are kept, how large and how many they may be, and when unused ones go.</summary>
public sealed class AttachmentOptions : IValidatableObject
{
    public const string Section = "Attachments";

    /// <summary>
    /// The directory of the blob store (a volume every Api process mounts: a named volume in compose, a PersistentVolume in k8s).
    /// Created when missing.
    /// </summary>
    [Required]
    public string Path { get; set; } = "attachments";

    /// <summary>The largest file accepted, in bytes (10 MB): a phone's photo is 2–5 MB, a minute of call recording about 1 MB.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The most files one case may carry (20).</summary>
    [Range(1, 1000)]
    public int MaxPerCase { get; set; } = 20;

    /// <summary>The longer side of a photo's thumbnail, in pixels.</summary>
    /// <summary>How many files one person may have waiting for a filing (POST /api/attachments) at once.</summary>
    [Range(1, 1000)]
    public int MaxStagedPerPerson { get; set; } = 40;

    [Range(32, 2048)]
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>
    /// The longer side a photo is stored at, in pixels: larger photos are scaled down when re-encoded (a phone's 48-megapixel photo
    /// says no more about a pothole at 4096 pixels, and a thumbnail of it costs less to make).
    /// </summary>
    [Range(256, 16384)]
    public int MaxPhotoSide { get; set; } = 4096;

    /// <summary>
    /// How long a blob nothing references is kept before housekeeping deletes it, counted from when it was last written (1 day). Far
    /// longer than any upload's transaction: a blob just written for a change not yet committed is never taken.
    /// </summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Run the housekeeping pass in this (Api) process; any number of processes may run it on one volume.</summary>
    public bool HousekeepingEnabled { get; set; } = true;

    /// <summary>How often the housekeeping pass looks for unreferenced blobs.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OrphanGrace < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Attachments:OrphanGrace must be at least a minute: an upload's blob waits that long for its transaction.",
                [nameof(OrphanGrace)]);
        }

        if (HousekeepingInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Attachments:HousekeepingInterval must be positive.", [nameof(HousekeepingInterval)]);
        }
    }
}
