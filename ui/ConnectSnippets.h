#pragma once

#include <QString>
#include <QStringList>

namespace gatehouse {

// How to point each client people use at the gateway: the exact settings,
// with the gateway's base URL filled in (docs/clients.md says the same at
// more length). Pure text, so it is tested without a window.
struct ConnectSnippet {
    QString client;  // "Claude Code"
    QString where;   // where the text goes: "shell", "~/.codex/config.toml", ...
    QString text;
};

QList<ConnectSnippet> connectSnippets(const QString &baseUrl);

}  // namespace gatehouse
