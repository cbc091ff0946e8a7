#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse {

// "client.model_aliases" in config.json: model names a client sends mapped
// to the "provider/model" that serves them, so an agent that insists on its
// own model names (Claude Code sends "claude-sonnet-4-5-..." whatever its
// base URL; Codex "gpt-5-codex") can run on any provider without touching
// the agent. An entry:
//   {"match": "claude-sonnet-*", "target": "ollama/qwen3-coder:30b",
//    "endpoints": ["anthropic-messages"]}
// `match` is a model name or a glob ("*" any run of characters, "?" one),
// compared case-insensitively with the model as the client wrote it (and
// each of its fallbacks). `endpoints`, when given, limits the entry to those
// client formats: "openai-chat" (also completions and embeddings),
// "openai-responses", "anthropic-messages", "gemini".
struct ModelAlias {
    QString match;
    QString target;
    QStringList endpoints;  // empty: every endpoint

    bool isGlob() const;
    bool appliesTo(const QString &model, const QString &endpoint) const;
};

struct ModelAliasHit {
    QString target;
    int index = -1;  // into the list, for "model_aliases[i]" in traces
};

// The alias for `model` asked at `endpoint` (a wireFormatName()): an entry
// naming the model exactly wins over any glob; among globs, the first in
// the list. Aliases do not chain: the target is used as it is.
std::optional<ModelAliasHit> findModelAlias(const QList<ModelAlias> &aliases, const QString &model,
                                            const QString &endpoint);

// Case-insensitive glob match: "*" matches any run (also empty), "?" one character.
bool globMatches(QStringView pattern, QStringView text);

// The endpoint names `endpoints` may hold.
const QStringList &modelAliasEndpoints();

}  // namespace gatehouse
