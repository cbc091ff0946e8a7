#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace gatehouse {

// What `connect` points an agent at.
struct ConnectOptions {
    int port = 8080;
    // "provider/model"; empty: the agent's model settings as the user had
    // them before the first connect (an earlier --model is taken back).
    QString model;
    bool mcp = true;  // also add Gatehouse's /mcp as an MCP server
};

// One file an agent's wiring writes: where, and its whole new content.
struct FileEdit {
    QString path;
    QByteArray content;
};

// A coding agent Gatehouse can wire itself into. Each agent only says which
// files it changes and how; AgentWiring backs them up, writes and undoes.
class CodingAgent {
public:
    virtual ~CodingAgent() = default;
    // The name on the command line: "claude-code", "codex", "gemini-cli".
    virtual QString id() const = 0;
    virtual QString displayName() const = 0;
    // Found on PATH, or its configuration folder exists.
    virtual bool installed() const = 0;
    // The new content of every file to change, computed from the current
    // ones; false (and `error`) when one cannot be read or parsed, so that
    // nothing is written.
    virtual bool edits(const ConnectOptions &options, QList<FileEdit> *out,
                       QString *error) const = 0;
    // Whether its configuration points at the gateway on `port`.
    virtual bool wired(int port) const = 0;
};

// http://127.0.0.1:<port><path>: agents run on the gateway's machine.
QString gatewayUrl(int port, const QString &path);

}  // namespace gatehouse
