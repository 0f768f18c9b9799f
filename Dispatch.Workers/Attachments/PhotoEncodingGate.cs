using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Attachments;

/// <summary>
/// Lets at most <see cref="AttachmentOptions.MaxConcurrentPhotos"/> photos be decoded and re-encoded at once in this process; the rest
/// wait their turn. A photo's re-encoding is CPU-bound and holds its decoded bitmaps natively (about 32 MB each for 8 megapixels,
/// several per photo): the uploads benchmark saw eight at once take the Api from 190 MB to 2.8 GB, far past its container's limit,
/// without finishing sooner — the cores were the bottleneck. Documents and recordings are not re-encoded and never wait here.
/// </summary>
public sealed class PhotoEncodingGate(IOptions<AttachmentOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentPhotos, options.Value.MaxConcurrentPhotos);

    /// <summary><see cref="FileIntake.Prepare"/>, waiting for a slot first when the bytes are a photo's.</summary>
    public async Task<PreparedFile.Check> PrepareAsync(byte[] bytes, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (FileTypes.Detect(bytes)?.Kind != AttachmentKinds.Photo)
        {
            return FileIntake.Prepare(bytes, fileName, options.Value);
        }

        await _slots.WaitAsync(cancellationToken);
        try
        {
            return FileIntake.Prepare(bytes, fileName, options.Value);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
