using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dispatch.Workers.Knowledge;

/// <summary>How the knowledge base stores JSON (keywords, a version's entry): the web's names, Chinese as it is rather than \u escapes.</summary>
internal static class KnowledgeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
