#include "connect/AgentWiring.h"

#include "ClaudeCodeAgent.h"
#include "CodexAgent.h"
#include "ConfigFiles.h"
#include "ConnectBackup.h"
#include "GeminiCliAgent.h"

namespace gatehouse {

QString gatewayUrl(int port, const QString &path) {
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path);
}

namespace AgentWiring {

const QList<const CodingAgent *> &agents() {
    static const ClaudeCodeAgent claude;
    static const CodexAgent codex;
    static const GeminiCliAgent gemini;
    static const QList<const CodingAgent *> all{&claude, &codex, &gemini};
    return all;
}

const CodingAgent *find(const QString &id) {
    for (const CodingAgent *agent : agents())
        if (agent->id() == id) return agent;
    return nullptr;
}

Status status(const CodingAgent &agent, int port) {
    Status s;
    s.installed = agent.installed();
    s.wired = agent.wired(port);
    s.backedUp = ConnectBackup(agent.id()).exists();
    return s;
}

bool connect(const CodingAgent &agent, const ConnectOptions &options, QStringList *changed,
             QString *error) {
    // Every new content first: a file that cannot be used stops the whole
    // agent before anything is written.
    QList<FileEdit> edits;
    if (!agent.edits(options, &edits, error)) return false;
    ConnectBackup backup(agent.id());
    for (const FileEdit &edit : edits)
        if (!backup.save(edit.path, error)) return false;
    for (const FileEdit &edit : edits) {
        if (!ConfigFiles::writeAtomically(edit.path, edit.content, error)) return false;
        changed->append(edit.path);
    }
    return true;
}

bool undo(const CodingAgent &agent, QStringList *restored, QString *error) {
    ConnectBackup backup(agent.id());
    if (!backup.exists()) return true;
    return backup.restore(restored, error);
}

}  // namespace AgentWiring

}  // namespace gatehouse
