using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Dispatch.Tests.Support;

/// <summary>
/// Photos as phones send them, made for the specs: a JPEG with an EXIF block that carries a GPS position, the device's make and model
/// and an orientation — what the Api must strip — and the other accepted types' first bytes.
/// </summary>
public static class TestPhotos
{
    public const string Make = "TestPhone Inc";
    public const string Model = "TP-1 Pro";

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> JPEG (a gradient, so it compresses like a photo) with the EXIF block.</summary>
    public static byte[] JpegWithGps(int width = 640, int height = 480, ushort orientation = 1) =>
        WithExif(Encode(width, height, SKEncodedImageFormat.Jpeg), orientation);

    /// <summary>
    /// <paramref name="jpeg"/> with the EXIF block (GPS position, make, model, <paramref name="orientation"/>) as a phone writes it: the
    /// APP1 segment straight after the start-of-image marker. The upload benchmark (deploy/bench) makes its photos with it too.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation = 1)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        return [.. jpeg.AsSpan(0, 2), .. ExifSegment(orientation), .. jpeg.AsSpan(2)];
    }

    public static byte[] Png(int width = 200, int height = 100) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] WebP(int width = 200, int height = 100) => Encode(width, height, SKEncodedImageFormat.Webp);

    /// <summary>A small PDF, complete with its end-of-file marker.</summary>
    public static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A WAV header and a little silence.</summary>
    public static byte[] Wav()
    {
        var bytes = new byte[44 + 800];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), 8000);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), 8000);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 8);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), 800);
        return bytes;
    }

    /// <summary>The first bytes of a HEIC photo (an 'ftyp' box, brand heic): no decoder on Linux reads further.</summary>
    public static byte[] Heic() => [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[200]];

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (y * width + x) * 4;
                pixels[at] = (byte)(x * 255 / width);
                pixels[at + 1] = (byte)(y * 255 / height);
                pixels[at + 2] = (byte)((x + y) % 256);
                pixels[at + 3] = 255;
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// An APP1 "Exif" segment (big-endian TIFF): IFD0 with Make, Model, Orientation and a pointer to the GPS IFD, which holds
    /// 22°32'N 114°3'E — the kind of position that tells where a caller lives.
    /// </summary>
    private static byte[] ExifSegment(ushort orientation)
    {
        var tiff = new byte[188];
        var t = tiff.AsSpan();
        "MM"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], 8);
        // IFD0 at 8: 4 entries; its values from 62.
        BinaryPrimitives.WriteUInt16BigEndian(t[8..], 4);
        Entry(t, 10, 0x010F, 2, (uint)Make.Length + 1, 62);
        Entry(t, 22, 0x0110, 2, (uint)Model.Length + 1, 76);
        Entry(t, 34, 0x0112, 3, 1, (uint)orientation << 16);
        Entry(t, 46, 0x8825, 4, 1, 86);
        BinaryPrimitives.WriteUInt32BigEndian(t[58..], 0);
        Encoding.ASCII.GetBytes(Make).CopyTo(t[62..]);
        Encoding.ASCII.GetBytes(Model).CopyTo(t[76..]);
        // The GPS IFD at 86: 4 entries; the rationals from 140.
        BinaryPrimitives.WriteUInt16BigEndian(t[86..], 4);
        Entry(t, 88, 0x0001, 2, 2, (uint)'N' << 24);
        Entry(t, 100, 0x0002, 5, 3, 140);
        Entry(t, 112, 0x0003, 2, 2, (uint)'E' << 24);
        Entry(t, 124, 0x0004, 5, 3, 164);
        BinaryPrimitives.WriteUInt32BigEndian(t[136..], 0);
        Rationals(t[140..], 22, 32, 0);
        Rationals(t[164..], 114, 3, 0);
        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment.AsSpan(10));
        return segment;
    }

    private static void Entry(Span<byte> tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(tiff[at..], tag);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[(at + 2)..], type);
        BinaryPrimitives.WriteUInt32BigEndian(tiff[(at + 4)..], count);
        BinaryPrimitives.WriteUInt32BigEndian(tiff[(at + 8)..], value);
    }

    private static void Rationals(Span<byte> at, uint degrees, uint minutes, uint seconds)
    {
        uint[] values = [degrees, 1, minutes, 1, seconds, 1];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(at[(i * 4)..], values[i]);
        }
    }
}
