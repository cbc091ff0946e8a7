#include "ConnectSnippets.h"

namespace gatehouse {

QList<ConnectSnippet> connectSnippets(const QString &baseUrl) {
    const QString b = baseUrl;
    QList<ConnectSnippet> out;
    out << ConnectSnippet{
        QStringLiteral("Claude Code"), QStringLiteral("shell"),
        QStringLiteral("export ANTHROPIC_BASE_URL=%1/anthropic\n"
                       "export ANTHROPIC_AUTH_TOKEN=gatehouse  # any value\n"
                       "export ANTHROPIC_MODEL=anthropic/claude-sonnet-4-5\n"
                       "export ANTHROPIC_SMALL_FAST_MODEL=anthropic/claude-haiku-4-5\n"
                       "claude")
            .arg(b)};
    out << ConnectSnippet{QStringLiteral("Codex"), QStringLiteral("~/.codex/config.toml"),
                          QStringLiteral("model = \"openai/gpt-5-codex\"\n"
                                         "model_provider = \"gatehouse\"\n\n"
                                         "[model_providers.gatehouse]\n"
                                         "name = \"Gatehouse\"\n"
                                         "base_url = \"%1/v1\"\n"
                                         "wire_api = \"responses\"\n"
                                         "env_key = \"GATEHOUSE_API_KEY\"  # export "
                                         "GATEHOUSE_API_KEY=gatehouse")
                              .arg(b)};
    out << ConnectSnippet{QStringLiteral("Gemini CLI"), QStringLiteral("shell"),
                          QStringLiteral("export GOOGLE_GEMINI_BASE_URL=%1/genai\n"
                                         "export GEMINI_API_KEY=gatehouse\n"
                                         "gemini -m openai/gpt-4.1")
                              .arg(b)};
    out << ConnectSnippet{
        QStringLiteral("OpenAI Agents SDK"), QStringLiteral("JavaScript"),
        QStringLiteral("import OpenAI from 'openai';\n"
                       "import { Agent, run, setDefaultOpenAIClient } from '@openai/agents';\n\n"
                       "setDefaultOpenAIClient(new OpenAI({ baseURL: '%1/v1', apiKey: "
                       "'gatehouse' }));\n"
                       "const agent = new Agent({ name: 'helper', model: "
                       "'anthropic/claude-sonnet-4-5' });\n"
                       "console.log((await run(agent, 'Hello')).finalOutput);")
            .arg(b)};
    out << ConnectSnippet{
        QStringLiteral("Vercel AI SDK"), QStringLiteral("JavaScript"),
        QStringLiteral("import { createOpenAI } from '@ai-sdk/openai';\n"
                       "import { createGoogleGenerativeAI } from '@ai-sdk/google';\n\n"
                       "const openai = createOpenAI({ baseURL: '%1/v1', apiKey: 'gatehouse' "
                       "});\n"
                       "const model = openai('anthropic/claude-sonnet-4-5');  // Responses API\n"
                       "const google = createGoogleGenerativeAI({ baseURL: "
                       "'%1/genai/v1beta', apiKey: 'gatehouse' });")
            .arg(b)};
    out << ConnectSnippet{QStringLiteral("Continue"), QStringLiteral("~/.continue/config.yaml"),
                          QStringLiteral("models:\n"
                                         "  - name: Gatehouse\n"
                                         "    provider: openai\n"
                                         "    model: openai/gpt-4.1\n"
                                         "    apiBase: %1/v1\n"
                                         "    apiKey: gatehouse")
                              .arg(b)};
    out << ConnectSnippet{QStringLiteral("Cline"), QStringLiteral("Cline settings"),
                          QStringLiteral("API Provider: OpenAI Compatible\n"
                                         "Base URL: %1/v1\n"
                                         "API Key: gatehouse\n"
                                         "Model ID: openai/gpt-4.1")
                              .arg(b)};
    out << ConnectSnippet{QStringLiteral("aider"), QStringLiteral("shell"),
                          QStringLiteral("aider --openai-api-base %1/v1 --openai-api-key "
                                         "gatehouse \\\n"
                                         "      --model openai/openai/gpt-4.1  # aider's "
                                         "\"openai/\" + Gatehouse's model")
                              .arg(b)};
    out << ConnectSnippet{QStringLiteral("Open WebUI"),
                          QStringLiteral("Admin Settings → Connections"),
                          QStringLiteral("OpenAI API URL: %1/v1\n"
                                         "API Key: gatehouse\n"
                                         "(the models list comes from %1/v1/models)")
                              .arg(b)};
    out << ConnectSnippet{QStringLiteral("Cursor"), QStringLiteral("Settings → Models"),
                          QStringLiteral("Override OpenAI Base URL: %1/v1\n"
                                         "OpenAI API Key: gatehouse\n"
                                         "Add model: openai/gpt-4.1\n"
                                         "Cursor calls the URL from its own servers: it must be "
                                         "reachable from the internet.")
                              .arg(b)};
    return out;
}

}  // namespace gatehouse
