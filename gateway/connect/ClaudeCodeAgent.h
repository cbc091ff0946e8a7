#pragma once

#include "connect/CodingAgent.h"

namespace gatehouse {

// Claude Code: the "env" of its user settings (settings.json in
// $CLAUDE_CONFIG_DIR, default ~/.claude) sends its Messages requests to
// /anthropic; its global state file (.claude.json in $CLAUDE_CONFIG_DIR,
// default the home folder) lists /mcp under "mcpServers".
class ClaudeCodeAgent : public CodingAgent {
public:
    QString id() const override { return QStringLiteral("claude-code"); }
    QString displayName() const override { return QStringLiteral("Claude Code"); }
    bool installed() const override;
    bool edits(const ConnectOptions &options, QList<FileEdit> *out, QString *error) const override;
    bool wired(int port) const override;

    static QString settingsPath();
    static QString statePath();
};

}  // namespace gatehouse
