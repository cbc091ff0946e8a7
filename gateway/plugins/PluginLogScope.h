#pragma once

#include <QString>

namespace gatehouse {

class PluginContext;
class PluginLogBook;

// While a scope is alive, qDebug()/qInfo()/qWarning()/qCritical() on this
// thread are written to the plugin's log (and still passed on to the
// previous message handler, prefixed with the plugin's name). The host opens
// one around every call into plugin code. Messages from threads a plugin
// starts itself are not attributed. Scopes nest (innermost wins).
class PluginLogScope {
public:
    // `hook` is a static string ("preHook", "init", ...); `context` may be
    // null and is only asked for its request id when a message is logged.
    PluginLogScope(PluginLogBook &book, const QString &plugin, const char *hook,
                   PluginContext *context = nullptr);
    ~PluginLogScope();
    PluginLogScope(const PluginLogScope &) = delete;
    PluginLogScope &operator=(const PluginLogScope &) = delete;

    static const PluginLogScope *current();
    // Appends to the plugin's log with this scope's hook and request id.
    void write(const QString &level, const QString &message) const;
    const QString &plugin() const { return plugin_; }

private:
    PluginLogBook &book_;
    const QString &plugin_;
    const char *hook_;
    PluginContext *context_;
    const PluginLogScope *previous_;
};

// Installs the process-wide message handler that feeds PluginLogScope,
// chained to the handler installed before it. Idempotent and thread-safe.
void installPluginMessageCapture();

}  // namespace gatehouse
