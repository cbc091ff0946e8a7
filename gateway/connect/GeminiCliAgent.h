#pragma once

#include "connect/CodingAgent.h"

namespace gatehouse {

// Gemini CLI: ~/.gemini/.env (which it loads into its environment) sends its
// requests to /genai with a placeholder key; ~/.gemini/settings.json selects
// the API-key sign-in (the base URL is used with it only) and lists /mcp
// under "mcpServers".
class GeminiCliAgent : public CodingAgent {
public:
    QString id() const override { return QStringLiteral("gemini-cli"); }
    QString displayName() const override { return QStringLiteral("Gemini CLI"); }
    bool installed() const override;
    bool edits(const ConnectOptions &options, QList<FileEdit> *out, QString *error) const override;
    bool wired(int port) const override;

    static QString envPath();
    static QString settingsPath();
};

}  // namespace gatehouse
