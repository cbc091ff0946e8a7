#include "GatewayHarness.h"

#include "config/ConfigLoader.h"
#include "http/SseParser.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

bool GatewayHarness::start(const QByteArray &configJson, QString *error, int workers) {
    GatewayOptions options;
    options.port = 0;
    options.workers = workers;
    return start(configJson, options, error);
}

bool GatewayHarness::start(const QByteArray &configJson, GatewayOptions options, QString *error) {
    GatewayConfig config;
    ConfigError configError;
    const QString name = configPath_.isEmpty() ? QStringLiteral("test-config.json") : configPath_;
    if (!ConfigLoader::loadJson(configJson, name, &config, &configError)) {
        if (error) *error = configError.toString();
        return false;
    }
    if (store_.isEmpty() && config.store.isEmpty() && options.store.isEmpty()) {
        if (!storeDir_) storeDir_ = std::make_unique<QTemporaryDir>();
        store_ = storeDir_->filePath(QStringLiteral("gatehouse.db"));
    }
    if (options.store.isEmpty()) options.store = store_;
    options.listProviderModels = listProviderModels_;
    if (options.apiTokenFile.isEmpty())
        options.apiTokenFile = tokenDir_.filePath(QStringLiteral("api-token"));
    gateway_ = std::make_unique<Gateway>(std::move(config), options);
    QString why;
    if (!gateway_->start(&why)) {
        if (error) *error = why;
        gateway_.reset();
        return false;
    }
    return true;
}

HttpHeaders GatewayHarness::tokenHeader() const {
    HttpHeaders headers;
    if (gateway_) headers.add("Authorization", "Bearer " + gateway_->apiToken().toLatin1());
    return headers;
}

void GatewayHarness::stop() {
    if (gateway_) gateway_->stop(2000);
    gateway_.reset();
}

QByteArray chatBody(const QString &model, const QString &userText, bool stream,
                    const QJsonObject &extra) {
    QJsonObject body{{QStringLiteral("model"), model},
                     {QStringLiteral("messages"),
                      QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                             {QStringLiteral("content"), userText}}}}};
    if (stream) body.insert(QStringLiteral("stream"), true);
    for (auto it = extra.begin(); it != extra.end(); ++it) body.insert(it.key(), it.value());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonObject jsonOf(const QByteArray &body) {
    return QJsonDocument::fromJson(body).object();
}

QList<QByteArray> sseData(const QByteArray &body) {
    QList<QByteArray> out;
    SseParser parser;
    for (const auto &e : parser.feed(body)) out << e.data;
    return out;
}

QString answerText(const QByteArray &body) {
    const QJsonObject choice = jsonOf(body).value("choices").toArray().at(0).toObject();
    return choice.value("message").toObject().value("content").toString();
}

QString streamedText(const QByteArray &sseBody) {
    QString text;
    for (const QByteArray &data : sseData(sseBody)) {
        if (data == "[DONE]") continue;
        const QJsonObject choice = jsonOf(data).value("choices").toArray().at(0).toObject();
        text += choice.value("delta").toObject().value("content").toString();
    }
    return text;
}

QList<QPair<QByteArray, QByteArray>> sseEvents(const QByteArray &body) {
    QList<QPair<QByteArray, QByteArray>> out;
    SseParser parser;
    for (const auto &e : parser.feed(body)) out.append({e.event, e.data});
    return out;
}

}  // namespace gatehouse
