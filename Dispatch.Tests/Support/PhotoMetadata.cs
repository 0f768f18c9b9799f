using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace Dispatch.Tests.Support;

/// <summary>What MetadataExtractor finds in a file that would tell where or with what it was taken: GPS tags, the device's make and model.</summary>
public static class PhotoMetadata
{
    public static IReadOnlyList<string> Revealing(byte[] photo)
    {
        using var stream = new MemoryStream(photo);
        var directories = ImageMetadataReader.ReadMetadata(stream);
        List<string> found = [.. directories.OfType<GpsDirectory>().SelectMany(d => d.Tags).Select(t => $"{t.Name}: {t.Description}")];
        found.AddRange(directories.OfType<ExifIfd0Directory>().SelectMany(d => d.Tags)
            .Where(t => t.Type is ExifDirectoryBase.TagMake or ExifDirectoryBase.TagModel)
            .Select(t => $"{t.Name}: {t.Description}"));
        return found;
    }
}
