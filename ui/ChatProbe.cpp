#include "ChatProbe.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace gatehouse {

ChatProbe::ChatProbe(QObject *parent)
    : QObject(parent), network_(new QNetworkAccessManager(this)) {}

void ChatProbe::send(const QString &baseUrl, const QString &model, const QString &prompt,
                     int maxTokens, std::function<void(const ChatProbeResult &)> done) {
    QNetworkRequest request(QUrl(baseUrl + QStringLiteral("/v1/chat/completions")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QJsonObject body{{QStringLiteral("model"), model},
                     {QStringLiteral("messages"),
                      QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                             {QStringLiteral("content"), prompt}}}}};
    if (maxTokens > 0) body.insert(QStringLiteral("max_tokens"), maxTokens);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = network_->post(request, QJsonDocument(body).toJson());
    connect(reply, &QNetworkReply::finished, this, [reply, timer, done = std::move(done)] {
        reply->deleteLater();
        ChatProbeResult r;
        r.elapsedMs = timer.elapsed();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        r.text = answer.value(QStringLiteral("choices"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString();
        // A one-token answer may well be empty: the status says it worked.
        r.ok = r.status == 200 && answer.contains(QStringLiteral("choices"));
        if (!r.ok) {
            r.error = answer.value(QStringLiteral("error"))
                          .toObject()
                          .value(QStringLiteral("message"))
                          .toString();
            if (r.error.isEmpty()) r.error = reply->errorString();
        }
        done(r);
    });
}

}  // namespace gatehouse
