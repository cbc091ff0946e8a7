#include "PluginLogScope.h"

#include "plugins/PluginLog.h"

#include <gatehouse/plugin.h>

#include <QMessageLogContext>
#include <cstdio>
#include <mutex>

namespace gatehouse {

namespace {
thread_local const PluginLogScope *t_current = nullptr;
// Set while a captured message is being stored, so anything logged by the
// log book's sink (a slot, say) is not attributed to the plugin again.
thread_local bool t_storing = false;
QtMessageHandler g_previous = nullptr;

QString levelFor(QtMsgType type) {
    switch (type) {
        case QtDebugMsg:
            return QStringLiteral("debug");
        case QtInfoMsg:
            return QStringLiteral("info");
        case QtWarningMsg:
            return QStringLiteral("warning");
        case QtCriticalMsg:
        case QtFatalMsg:
            return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

void passOn(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    if (g_previous) {
        g_previous(type, context, message);
    } else {
        const QByteArray text = qFormatLogMessage(type, context, message).toLocal8Bit();
        std::fprintf(stderr, "%s\n", text.constData());
    }
}

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    const PluginLogScope *scope = t_current;
    if (!scope || t_storing) {
        passOn(type, context, message);
        return;
    }
    t_storing = true;
    scope->write(levelFor(type), message);
    t_storing = false;
    passOn(type, context, QStringLiteral("[plugin %1] %2").arg(scope->plugin(), message));
}
}  // namespace

PluginLogScope::PluginLogScope(PluginLogBook &book, const QString &plugin, const char *hook,
                               PluginContext *context)
    : book_(book), plugin_(plugin), hook_(hook), context_(context), previous_(t_current) {
    t_current = this;
}

PluginLogScope::~PluginLogScope() {
    t_current = previous_;
}

const PluginLogScope *PluginLogScope::current() {
    return t_current;
}

void PluginLogScope::write(const QString &level, const QString &message) const {
    // The request id is asked for only here: most hook calls log nothing.
    QString requestId;
    if (context_) {
        try {
            requestId = context_->requestId();
        } catch (...) {
            // A context is the host's own object; never let logging throw.
        }
    }
    book_.append(plugin_, level, message, QString::fromLatin1(hook_), requestId);
}

void installPluginMessageCapture() {
    static std::once_flag once;
    std::call_once(once, [] { g_previous = qInstallMessageHandler(captureMessage); });
}

}  // namespace gatehouse
