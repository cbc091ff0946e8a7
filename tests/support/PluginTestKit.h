#pragma once

#include <gtest/gtest.h>

// Loads a plugin .so the way the host does (QPluginLoader, then
// qobject_cast to GatewayPlugin) and gives its hooks small fakes of what the
// host passes: a per-request context, the host handle, captured log lines.

#include <gatehouse/plugin.h>

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QPluginLoader>
#include <QStringList>
#include <QTemporaryDir>
#include <functional>

namespace gatehouse::test {

// One request's context. Not shared between threads: like the host, each
// concurrent request gets its own.
class FakeContext : public PluginContext {
public:
    explicit FakeContext(QString requestId = QStringLiteral("req-1"))
        : requestId_(std::move(requestId)) {}
    QString requestId() const override { return requestId_; }
    QVariant value(const QString &key) const override { return values_.value(key); }
    void setValue(const QString &key, const QVariant &value) override { values_[key] = value; }
    QByteArray clientHeader(const QByteArray &name) const override;
    void setClientHeader(const QByteArray &name, const QByteArray &value);

private:
    QString requestId_;
    QHash<QString, QVariant> values_;
    QHash<QByteArray, QByteArray> headers_;  // lower-cased names
};

// The host as init() sees it; log() may be called from any thread.
class FakeHost : public PluginHost {
public:
    void log(PluginLogLevel level, const QString &message) override;
    QString dataDirectory() const override { return dir_.path(); }
    int apiVersion() const override { return GATEHOUSE_PLUGIN_API_VERSION; }
    QStringList lines() const;

private:
    mutable QMutex mutex_;
    QStringList lines_;
    QTemporaryDir dir_;
};

// Collects qDebug()/qInfo()/qWarning() output from every thread while alive
// (how the host captures a plugin's plain Qt logging). One at a time.
class LogCapture {
public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;
    QStringList lines() const;
};

// A loaded plugin. Unloads on destruction, so the next test gets a fresh
// instance (QPluginLoader shares one instance per library while loaded).
class LoadedPlugin {
public:
    explicit LoadedPlugin(const QString &path);
    ~LoadedPlugin();
    LoadedPlugin(const LoadedPlugin &) = delete;
    LoadedPlugin &operator=(const LoadedPlugin &) = delete;

    bool isLoaded() const { return plugin_ != nullptr; }
    QString errorString() const { return loader_.errorString(); }
    GatewayPlugin *get() const { return plugin_; }
    GatewayPlugin *operator->() const { return plugin_; }
    // The plugin.json embedded in the library, read without instantiating.
    QJsonObject metaData() const;
    // init() with a JSON config literal; returns the error ("" on success).
    QString init(const char *configJson, PluginHost &host);

private:
    QPluginLoader loader_;
    GatewayPlugin *plugin_ = nullptr;
};

// A config that init() must refuse, and the field its error must name first.
struct BadConfig {
    const char *config;
    const char *field;
};
// Loads the plugin at `path`; succeeds when init() refuses `bad` with an
// error that starts with "<field>: ".
::testing::AssertionResult initRefusesNaming(const QString &path, const BadConfig &bad);

// A chat completion request as the host hands it to preHook.
PluginRequest chatRequest(const QString &provider, const QString &model, const QString &userText,
                          bool stream = false);

// A chat.completion answer with the given text and usage.total_tokens.
QJsonObject chatCompletion(const QString &text, int totalTokens = 10);

// Runs fn(0..threads-1) on that many threads at once and waits for all.
void runOnThreads(int threads, const std::function<void(int)> &fn);

}  // namespace gatehouse::test
