#pragma once

#include "connect/CodingAgent.h"

#include <QList>
#include <QStringList>

// Wiring coding agents to the gateway and undoing it: every file is backed
// up before its first change (ConnectBackup) and written at once.
namespace gatehouse::AgentWiring {

// Claude Code, Codex, Gemini CLI.
const QList<const CodingAgent *> &agents();
// By id ("claude-code", "codex", "gemini-cli"); null when unknown.
const CodingAgent *find(const QString &id);

struct Status {
    bool installed = false;
    bool wired = false;     // points at the gateway on the port asked about
    bool backedUp = false;  // Undo has something to restore
};
Status status(const CodingAgent &agent, int port);

// Writes the agent's configuration. Nothing is written when one of its
// files cannot be read or is not what the agent itself would accept.
// `changed` lists the paths written.
bool connect(const CodingAgent &agent, const ConnectOptions &options, QStringList *changed,
             QString *error);
// Restores every file the agent's wiring changed as it was before; `restored`
// lists them. Without a backup there is nothing to do (true, none listed).
bool undo(const CodingAgent &agent, QStringList *restored, QString *error);

}  // namespace gatehouse::AgentWiring
