namespace Dispatch.Workers.Attachments;

/// <summary>
/// Which accepted type a file is, decided from its first bytes (magic numbers) — never from its name or the Content-Type a client sent,
/// which anyone can write. What is not one of these is refused. Pure.
/// </summary>
public static class FileTypes
{
    public static readonly FileType Jpeg = new("image/jpeg", AttachmentKinds.Photo, "a JPEG photo", [".jpg", ".jpeg", ".jfif"]);
    public static readonly FileType Png = new("image/png", AttachmentKinds.Photo, "a PNG image", [".png"]);
    public static readonly FileType WebP = new("image/webp", AttachmentKinds.Photo, "a WebP image", [".webp"]);
    public static readonly FileType Heic = new("image/heic", AttachmentKinds.Photo, "a HEIC photo", [".heic", ".heif"]);
    public static readonly FileType Pdf = new("application/pdf", AttachmentKinds.Document, "a PDF document", [".pdf"]);
    public static readonly FileType Mp3 = new("audio/mpeg", AttachmentKinds.Audio, "an MP3 recording", [".mp3"]);
    public static readonly FileType Wav = new("audio/wav", AttachmentKinds.Audio, "a WAV recording", [".wav"]);
    public static readonly FileType Amr = new("audio/amr", AttachmentKinds.Audio, "an AMR recording", [".amr"]);
    public static readonly FileType M4a = new("audio/mp4", AttachmentKinds.Audio, "an M4A recording", [".m4a"]);

    public static IReadOnlyList<FileType> All { get; } = [Jpeg, Png, WebP, Heic, Pdf, Mp3, Wav, Amr, M4a];

    /// <summary>What the first bytes of <paramref name="bytes"/> say it is; null when none of the accepted types.</summary>
    public static FileType? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8))
        {
            return bytes[8..12].SequenceEqual("WEBP"u8) ? WebP : bytes[8..12].SequenceEqual("WAVE"u8) ? Wav : null;
        }

        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (bytes.StartsWith("#!AMR"u8))
        {
            return Amr;
        }

        // ISO base media (HEIF, MPEG-4): a box of type 'ftyp' first, whose major brand says what the file is.
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = bytes[8..12];
            return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8)
                   || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) ? Heic
                : brand.SequenceEqual("M4A "u8) ? M4a
                : null;
        }

        // MP3: an ID3v2 tag, or straight away an MPEG audio frame (11 sync bits, MPEG-1/2/2.5, layer III).
        if (bytes.StartsWith("ID3"u8) || bytes.Length >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x06) == 0x02)
        {
            return Mp3;
        }

        return null;
    }

    /// <summary>The accepted type a file name's extension claims (".jpg": JPEG); null when it names none of them, or has no extension.</summary>
    public static FileType? ClaimedBy(string? fileName)
    {
        var extension = System.IO.Path.GetExtension(fileName ?? "");
        return extension.Length == 0 ? null : All.FirstOrDefault(t => t.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether a PDF ends as a PDF does (an <c>%%EOF</c> marker in its last kilobyte): a file cut short in transfer does not, and would
    /// open as nothing, or half, in the viewer.
    /// </summary>
    public static bool IsCompletePdf(ReadOnlySpan<byte> bytes) =>
        bytes[Math.Max(0, bytes.Length - 1024)..].IndexOf("%%EOF"u8) >= 0;
}
