using System.Globalization;
using System.Text;
using Dispatch.Tests.Support;
using SkiaSharp;

namespace Dispatch.Benchmarks;

/// <summary>
/// Files as a phone or a scanner sends them, for the upload benchmark: photos of about 2 MB — 3264 × 2448 pixels (8 megapixels), JPEG,
/// with the EXIF block the specs upload (<see cref="TestPhotos.WithExif"/>: a GPS position, the device's make and model) — and PDFs of
/// exactly the same sizes. Every file has bytes of its own: the blob store is content-addressed, so a second upload of equal bytes
/// (or of a photo whose re-encoded pixels equal another's) would find its blob there and write nothing.
/// </summary>
public static class BenchPhotos
{
    public const int Width = 3264;
    public const int Height = 2448;

    /// <summary>The size the photos are made to: 2 MB, a phone's 8-megapixel photo of a street.</summary>
    public const int TargetBytes = 2 * 1024 * 1024;

    private const int PatchWidth = 160;
    private const int PatchHeight = 120;

    /// <summary>
    /// The JPEG quality that makes the scene just under <see cref="TargetBytes"/>: found once by bisection (<c>--calibrate</c> does it
    /// again, five more encodes), since the scene is the same in every run. The sizes printed are those of the photos made.
    /// </summary>
    public const int Quality = 89;

    /// <param name="Quality">The JPEG quality the photos were encoded at.</param>
    public sealed record Set(IReadOnlyList<byte[]> Photos, int Quality);

    /// <summary><paramref name="count"/> photos of one scene, each with a patch of its own (where, and in what colour, its number says).</summary>
    public static Set Make(int count, bool calibrate = false)
    {
        using var scene = Scene();
        var quality = calibrate ? Calibrate(scene) : Quality;
        var photos = new byte[count][];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => photos[i] = TestPhotos.WithExif(Encode(scene, i, quality)));
        return new Set(photos, quality);
    }

    /// <summary>
    /// A PDF of exactly <paramref name="size"/> bytes: one stream of random bytes (incompressible, like a scanned page's image) and the
    /// end-of-file marker the Api checks for. The Api stores a PDF as sent: its upload is a photo's without the decode and re-encode.
    /// </summary>
    public static byte[] Pdf(int size, int seed)
    {
        const string Trailer = "\nendstream\nendobj\ntrailer<</Root 2 0 R>>\n%%EOF\n";
        // The length is written with ten digits, so the header's size does not depend on it.
        var headerLength = Encoding.ASCII.GetByteCount(Header(0));
        var streamLength = size - headerLength - Trailer.Length;
        if (streamLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Too small for a PDF with a stream.");
        }

        var bytes = new byte[size];
        Encoding.ASCII.GetBytes(Header(streamLength)).CopyTo(bytes, 0);
        // Not a secret: a fixed seed gives the same files in every run.
#pragma warning disable CA5394
        new Random(seed).NextBytes(bytes.AsSpan(headerLength, streamLength));
#pragma warning restore CA5394
        Encoding.ASCII.GetBytes(Trailer).CopyTo(bytes, headerLength + streamLength);
        return bytes;

        static string Header(int length) => string.Create(CultureInfo.InvariantCulture,
            $"%PDF-1.4\n2 0 obj<</Type/Catalog/Pages 3 0 R>>endobj\n3 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n1 0 obj<</Length {length:D10}>>\nstream\n");
    }

    /// <summary>
    /// A street by daylight: a sky that darkens upwards over blocks of façade colours, with sensor noise on every pixel — detail enough
    /// that JPEG spends on it what it spends on a photo (a smooth gradient would shrink to a few hundred kilobytes).
    /// </summary>
    private static SKBitmap Scene()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var state = 2_463_534_242u;
        var horizon = Height * 2 / 5;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                int r, g, b;
                if (y < horizon)
                {
                    (r, g, b) = (90 + (y * 90 / horizon), 140 + (y * 70 / horizon), 225);
                }
                else
                {
                    // Façades and windows: tiles of their own colour, each a hash of where it is.
                    var tile = (uint)(((y / 96) * 131) + ((x / 128) * 17)) * 2_654_435_761u;
                    (r, g, b) = (60 + (int)(tile >> 24) / 2, 60 + (int)((tile >> 16) & 0xFF) / 2, 50 + (int)((tile >> 8) & 0xFF) / 2);
                }

                // xorshift32: sensor noise, a few levels either way on each channel.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                var at = ((y * Width) + x) * 4;
                pixels[at] = Clamp(r + (int)(state & 31) - 16);
                pixels[at + 1] = Clamp(g + (int)((state >> 5) & 31) - 16);
                pixels[at + 2] = Clamp(b + (int)((state >> 10) & 31) - 16);
                pixels[at + 3] = 255;
            }
        }

        return bitmap;
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    /// <summary>The highest quality at which the scene's JPEG is at most <see cref="TargetBytes"/> (a bisection: a handful of encodes).</summary>
    private static int Calibrate(SKBitmap scene)
    {
        var (low, high) = (30, 98);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Encode(scene, -1, middle).Length <= TargetBytes)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>The scene with photo <paramref name="number"/>'s patch (none for -1), as JPEG.</summary>
    private static byte[] Encode(SKBitmap scene, int number, int quality)
    {
        using var photo = scene.Copy();
        if (number >= 0)
        {
            using var canvas = new SKCanvas(photo);
            using var paint = new SKPaint { Color = new SKColor((byte)(number * 37), (byte)(number * 71), (byte)(number * 113)) };
            canvas.DrawRect((number * 211) % (Width - PatchWidth), (number * 157) % (Height - PatchHeight), PatchWidth, PatchHeight, paint);
        }

        using var image = SKImage.FromBitmap(photo);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the benchmark's photo.");
        return data.ToArray();
    }
}
