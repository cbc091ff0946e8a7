#pragma once

#include "connect/CodingAgent.h"

namespace gatehouse {

// Codex: config.toml in $CODEX_HOME (default ~/.codex) gets a "gatehouse"
// model provider on /v1 (Responses API), chosen by the top-level
// model_provider, and a "gatehouse" MCP server on /mcp.
class CodexAgent : public CodingAgent {
public:
    QString id() const override { return QStringLiteral("codex"); }
    QString displayName() const override { return QStringLiteral("Codex"); }
    bool installed() const override;
    bool edits(const ConnectOptions &options, QList<FileEdit> *out, QString *error) const override;
    bool wired(int port) const override;

    static QString configPath();
};

}  // namespace gatehouse
