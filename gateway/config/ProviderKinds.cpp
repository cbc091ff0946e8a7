#include "config/ProviderKinds.h"

#include <QHash>

namespace gatehouse {
namespace ProviderKinds {

namespace {
// Providers that speak OpenAI's chat completions API, so one client serves
// them all; only the base URL differs.
const char *const kOpenAICompatible[] = {
    "openai",     "groq",     "ollama",   "openrouter", "vllm",      "lmstudio",
    "mistral",    "together", "deepseek", "xai",        "fireworks", "perplexity",
    "cerebras",   "sgl",      "llamacpp", "deepinfra",  "nebius",    "sambanova",
    "hyperbolic", "parasail", "novita",   "lambda",
};

const QHash<QString, QString> &defaultUrls() {
    static const QHash<QString, QString> urls = {
        {QStringLiteral("openai"), QStringLiteral("https://api.openai.com")},
        {QStringLiteral("anthropic"), QStringLiteral("https://api.anthropic.com")},
        {QStringLiteral("gemini"), QStringLiteral("https://generativelanguage.googleapis.com")},
        {QStringLiteral("groq"), QStringLiteral("https://api.groq.com/openai")},
        {QStringLiteral("ollama"), QStringLiteral("http://localhost:11434")},
        {QStringLiteral("openrouter"), QStringLiteral("https://openrouter.ai/api")},
        {QStringLiteral("mistral"), QStringLiteral("https://api.mistral.ai")},
        {QStringLiteral("together"), QStringLiteral("https://api.together.xyz")},
        {QStringLiteral("deepseek"), QStringLiteral("https://api.deepseek.com")},
        {QStringLiteral("xai"), QStringLiteral("https://api.x.ai")},
        {QStringLiteral("fireworks"), QStringLiteral("https://api.fireworks.ai/inference")},
        {QStringLiteral("perplexity"), QStringLiteral("https://api.perplexity.ai")},
        {QStringLiteral("cerebras"), QStringLiteral("https://api.cerebras.ai")},
        {QStringLiteral("vllm"), QStringLiteral("http://localhost:8000")},
        {QStringLiteral("lmstudio"), QStringLiteral("http://localhost:1234")},
        {QStringLiteral("llamacpp"), QStringLiteral("http://localhost:8080")},
    };
    return urls;
}
}  // namespace

std::optional<ProviderKind> kindForName(const QString &name) {
    const QString lower = name.toLower();
    if (lower == QLatin1String("anthropic")) return ProviderKind::Anthropic;
    if (lower == QLatin1String("gemini")) return ProviderKind::Gemini;
    if (lower == QLatin1String("azure")) return ProviderKind::Azure;
    if (lower == QLatin1String("bedrock")) return ProviderKind::Bedrock;
    if (lower == QLatin1String("vertex")) return ProviderKind::Vertex;
    if (lower == QLatin1String("mock")) return ProviderKind::Mock;
    for (const char *known : kOpenAICompatible)
        if (lower == QLatin1String(known)) return ProviderKind::OpenAI;
    return std::nullopt;
}

QString defaultBaseUrl(const QString &name) {
    return defaultUrls().value(name.toLower());
}

std::optional<ProviderKind> kindForBaseProviderType(const QString &type) {
    const QString lower = type.toLower();
    if (lower == QLatin1String("openai")) return ProviderKind::OpenAI;
    if (lower == QLatin1String("anthropic")) return ProviderKind::Anthropic;
    if (lower == QLatin1String("gemini")) return ProviderKind::Gemini;
    if (lower == QLatin1String("azure")) return ProviderKind::Azure;
    if (lower == QLatin1String("bedrock")) return ProviderKind::Bedrock;
    if (lower == QLatin1String("vertex")) return ProviderKind::Vertex;
    return std::nullopt;
}

QString kindName(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::OpenAI:
            return QStringLiteral("openai");
        case ProviderKind::Anthropic:
            return QStringLiteral("anthropic");
        case ProviderKind::Gemini:
            return QStringLiteral("gemini");
        case ProviderKind::Azure:
            return QStringLiteral("azure");
        case ProviderKind::Bedrock:
            return QStringLiteral("bedrock");
        case ProviderKind::Vertex:
            return QStringLiteral("vertex");
        case ProviderKind::Mock:
            return QStringLiteral("mock");
        case ProviderKind::Unsupported:
            return QStringLiteral("unsupported");
    }
    return {};
}

}  // namespace ProviderKinds
}  // namespace gatehouse
