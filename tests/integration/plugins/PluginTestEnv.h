#pragma once

#include "JsonTestUtil.h"
#include "plugins/HookCalls.h"
#include "plugins/PluginManager.h"

#include <QHash>
#include <QTemporaryDir>
#include <QVariant>
#include <memory>

namespace gatehouse {

// A scratch world for one plugin host test: its own user plugin, shadow and
// data directories, and helpers to make plugin files (copies of the real
// test plugins, or broken files) and to call hooks.
class PluginTestEnv {
public:
    PluginTestEnv();

    PluginManager::Options options() const;
    std::unique_ptr<PluginManager> makeManager() const;

    QString root() const { return dir_.path(); }
    QString userPluginDirectory() const { return root() + QStringLiteral("/user-plugins"); }
    QString shadowDirectory() const { return root() + QStringLiteral("/shadow"); }

    // Copies `source` to `<root>/<fileName>` (over an existing file).
    QString copy(const QString &source, const QString &fileName) const;
    QString write(const QString &fileName, const QByteArray &content) const;
    // A copy of `source` whose Qt metadata claims Qt major.minor.
    QString withQtVersion(const QString &source, int major, int minor,
                          const QString &fileName) const;

private:
    QTemporaryDir dir_;
};

PluginEntry pluginEntry(const QString &name, const QString &path, QJsonObject config = {},
                        int version = 1, bool enabled = true);

// The context a request would give the hooks.
class TestPluginContext : public PluginContext {
public:
    explicit TestPluginContext(QString requestId = QStringLiteral("req-1"))
        : requestId_(std::move(requestId)) {}
    QString requestId() const override { return requestId_; }
    QVariant value(const QString &key) const override { return values_.value(key); }
    void setValue(const QString &key, const QVariant &value) override {
        values_.insert(key, value);
    }
    QByteArray clientHeader(const QByteArray &) const override { return {}; }

private:
    QString requestId_;
    QHash<QString, QVariant> values_;
};

// What the answer plugin answers through `plugin` ("hello from v1"), or
// "<no answer>".
QString answerOf(ActivePlugin &plugin);
// The same, through the named plugin of the manager's current chain.
QString answerOf(const PluginManager &manager, const QString &name);

PluginState stateOf(const PluginManager &manager, const QString &name);
QString errorOf(const PluginManager &manager, const QString &name);
// Log messages of `name`, oldest first.
QStringList messagesOf(const PluginManager &manager, const QString &name);
bool hasLogLine(const PluginManager &manager, const QString &name, const QString &part);

}  // namespace gatehouse
