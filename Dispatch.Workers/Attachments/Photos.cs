using SkiaSharp;

namespace Dispatch.Workers.Attachments;

/// <summary>
/// A photo as it is stored: decoded completely (a truncated or damaged one is refused), turned upright as its EXIF orientation said,
/// scaled down to <see cref="AttachmentOptions.MaxPhotoSide"/>, and re-encoded — so nothing of the original's metadata survives (EXIF
/// GPS position, the device's make, model and serial, the time, XMP, comments): the encoder writes only pixels. A thumbnail (JPEG, on
/// white) is made from the same pixels. HEIC is accepted only where SkiaSharp can decode it (a platform codec: not on Linux).
/// </summary>
public static class Photos
{
    /// <summary>More pixels than a phone's 108-megapixel camera: a "photo" larger than this is a decompression bomb, not evidence.</summary>
    public const long MaxPixels = 120_000_000;

    private const int PhotoQuality = 90;
    private const int ThumbnailQuality = 80;

    public static PreparedFile.Check Prepare(byte[] bytes, FileType type, string? fileName, AttachmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return PreparedFile.Refused(type == FileTypes.Heic
                ? new FileProblem(FileProblemKind.NotDecodable,
                    "HEIC photos cannot be read on this server. Send the photo as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible).")
                : new FileProblem(FileProblemKind.Damaged, $"The file starts as {type.Name} but its content cannot be read."));
        }

        var size = codec.Info;
        if (size.Width <= 0 || size.Height <= 0 || (long)size.Width * size.Height > MaxPixels)
        {
            return PreparedFile.Refused(new FileProblem(FileProblemKind.Damaged, $"The photo claims {size.Width} × {size.Height} pixels; at most {MaxPixels / 1_000_000} megapixels."));
        }

        // Decoded at a smaller scale where the format can (JPEG: 1/2, 1/4, 1/8) when the photo is far larger than it will be stored.
        var longer = Math.Max(size.Width, size.Height);
        var decodeSize = longer > 2 * options.MaxPhotoSide ? codec.GetScaledDimensions(2f * options.MaxPhotoSide / longer) : size.Size;
        var info = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                return PreparedFile.Refused(new FileProblem(FileProblemKind.Truncated, $"The file is {type.Name} cut short: it ends before the image does. Send it again."));
            default:
                return PreparedFile.Refused(new FileProblem(FileProblemKind.Damaged, $"The file starts as {type.Name} but its content cannot be read ({result})."));
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        using var stored = Fit(upright, options.MaxPhotoSide);
        var (storedType, format) = type == FileTypes.Png ? (FileTypes.Png, SKEncodedImageFormat.Png)
            : type == FileTypes.WebP ? (FileTypes.WebP, SKEncodedImageFormat.Webp)
            : (FileTypes.Jpeg, SKEncodedImageFormat.Jpeg); // JPEG, and HEIC where it decoded: stored as JPEG, which every browser shows
        var storedBytes = Encode(stored, format, PhotoQuality);
        using var thumbnail = Fit(stored, options.ThumbnailSize);
        using var onWhite = OnWhite(thumbnail);
        var name = fileName is null || storedType == type ? fileName : System.IO.Path.ChangeExtension(fileName, storedType.Extension);
        return new PreparedFile.Check(new PreparedFile(storedType, storedBytes, name, stored.Width, stored.Height, Encode(onWhite, SKEncodedImageFormat.Jpeg, ThumbnailQuality)), null);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var encoded = image.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {bitmap.Width}×{bitmap.Height} image as {format}.");
        return encoded.ToArray();
    }

    /// <summary>The bitmap scaled down so that its longer side is at most <paramref name="side"/> (a copy either way: the caller disposes it).</summary>
    private static SKBitmap Fit(SKBitmap bitmap, int side)
    {
        var longer = Math.Max(bitmap.Width, bitmap.Height);
        if (longer <= side)
        {
            return bitmap.Copy();
        }

        var scale = (double)side / longer;
        var target = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)),
            bitmap.ColorType, bitmap.AlphaType);
        return bitmap.Resize(target, new SKSamplingOptions(SKCubicResampler.Mitchell))
               ?? throw new InvalidOperationException("SkiaSharp could not scale the photo.");
    }

    /// <summary>A thumbnail has no transparency (JPEG): what was transparent shows white, as on the console's page.</summary>
    private static SKBitmap OnWhite(SKBitmap bitmap)
    {
        var flat = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(flat);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(bitmap, 0, 0, SKSamplingOptions.Default, null);
        return flat;
    }

    /// <summary>
    /// The pixels as the photo is meant to be seen: the EXIF orientation is metadata too, and goes with the rest, so the turn it
    /// asked for is made in the pixels.
    /// </summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var (w, h) = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom
            ? (bitmap.Height, bitmap.Width)
            : (bitmap.Width, bitmap.Height);
        var upright = new SKBitmap(new SKImageInfo(w, h, bitmap.ColorType, bitmap.AlphaType));
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),     // mirrored
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), // turned 180°
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),   // mirrored upside down
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),       // transposed
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),     // turned 90° clockwise
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1), // transversed
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),   // turned 90° anticlockwise
            _ => SKMatrix.Identity,
        });
        canvas.DrawBitmap(bitmap, 0, 0, SKSamplingOptions.Default, null);
        return upright;
    }
}
