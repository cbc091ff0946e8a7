#include "PluginTestKit.h"

#include "JsonTestUtil.h"

#include <QJsonArray>
#include <QMutexLocker>
#include <atomic>
#include <thread>
#include <vector>

namespace gatehouse::test {

QByteArray FakeContext::clientHeader(const QByteArray &name) const {
    return headers_.value(name.toLower());
}

void FakeContext::setClientHeader(const QByteArray &name, const QByteArray &value) {
    headers_[name.toLower()] = value;
}

void FakeHost::log(PluginLogLevel level, const QString &message) {
    static const char *const kLevels[] = {"debug", "info", "warning", "error"};
    QMutexLocker lock(&mutex_);
    lines_ << QStringLiteral("%1: %2").arg(QLatin1String(kLevels[int(level)]), message);
}

QStringList FakeHost::lines() const {
    QMutexLocker lock(&mutex_);
    return lines_;
}

namespace {

// The message handler is process-wide, so the capture's state is too.
QMutex captureMutex;
QStringList capturedLines;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType, const QMessageLogContext &, const QString &message) {
    QMutexLocker lock(&captureMutex);
    capturedLines << message;
}

}  // namespace

LogCapture::LogCapture() {
    QMutexLocker lock(&captureMutex);
    capturedLines.clear();
    previousHandler = qInstallMessageHandler(captureMessage);
}

LogCapture::~LogCapture() {
    qInstallMessageHandler(previousHandler);
}

QStringList LogCapture::lines() const {
    QMutexLocker lock(&captureMutex);
    return capturedLines;
}

LoadedPlugin::LoadedPlugin(const QString &path) : loader_(path) {
    plugin_ = qobject_cast<GatewayPlugin *>(loader_.instance());
}

LoadedPlugin::~LoadedPlugin() {
    if (loader_.isLoaded()) loader_.unload();
}

QJsonObject LoadedPlugin::metaData() const {
    return loader_.metaData().value(QLatin1String("MetaData")).toObject();
}

QString LoadedPlugin::init(const char *configJson, PluginHost &host) {
    QString error;
    if (!plugin_) return QStringLiteral("not loaded: ") + loader_.errorString();
    if (!plugin_->init(json(configJson), host, &error) && error.isEmpty())
        return QStringLiteral("init() failed without a message");
    return error;
}

PluginRequest chatRequest(const QString &provider, const QString &model, const QString &userText,
                          bool stream) {
    PluginRequest r;
    r.endpoint = QStringLiteral("/v1/chat/completions");
    r.provider = provider;
    r.model = model;
    r.stream = stream;
    r.body.insert(QStringLiteral("messages"),
                  QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                         {QStringLiteral("content"), userText}}});
    if (stream) r.body.insert(QStringLiteral("stream"), true);
    return r;
}

QJsonObject chatCompletion(const QString &text, int totalTokens) {
    const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("content"), text}};
    return {{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
            {QStringLiteral("object"), QStringLiteral("chat.completion")},
            {QStringLiteral("created"), 1700000000},
            {QStringLiteral("model"), QStringLiteral("m")},
            {QStringLiteral("choices"),
             QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                    {QStringLiteral("message"), message},
                                    {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("total_tokens"), totalTokens}}}};
}

void runOnThreads(int threads, const std::function<void(int)> &fn) {
    // Start together, so the hooks really overlap instead of running in turn.
    std::atomic<int> ready{0};
    std::vector<std::thread> pool;
    pool.reserve(size_t(threads));
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            ready.fetch_add(1);
            while (ready.load() < threads) std::this_thread::yield();
            fn(i);
        });
    }
    for (auto &t : pool) t.join();
}

::testing::AssertionResult initRefusesNaming(const QString &path, const BadConfig &bad) {
    LoadedPlugin plugin{path};
    if (!plugin.isLoaded())
        return ::testing::AssertionFailure() << "cannot load " << path.toStdString();
    FakeHost host;
    const QString error = plugin.init(bad.config, host);
    if (error.startsWith(QLatin1String(bad.field) + QStringLiteral(": ")))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "config " << bad.config << " gave \"" << error.toStdString()
           << "\", expected it to start with \"" << bad.field << ": \"";
}

}  // namespace gatehouse::test
