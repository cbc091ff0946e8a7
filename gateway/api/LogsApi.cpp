#include "LogsApi.h"

#include "ApiReply.h"
#include "LiveTail.h"
#include "http/HttpExchange.h"
#include "store/LogStore.h"

#include <QDateTime>
#include <QPointer>
#include <QUrlQuery>

namespace gatehouse {

namespace {

QUrlQuery queryOf(const std::shared_ptr<HttpExchange> &ex) {
    return QUrlQuery(QString::fromUtf8(ex->request().query));
}

void storeFailed(const std::shared_ptr<HttpExchange> &ex, const QString &error) {
    replyError(ex, 503, QStringLiteral("log_store_unavailable"),
               QStringLiteral("The log store could not answer: %1").arg(error));
}

}  // namespace

void LogsApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    QList<QByteArray> parts = r.path.split('/');  // "", "api", "logs", id-or-verb
    while (!parts.isEmpty() && parts.last().isEmpty()) parts.removeLast();
    if (!logs_) {
        replyError(ex, 503, QStringLiteral("logging_disabled"),
                   QStringLiteral("Request logging is off (client.enable_logging is false in "
                                  "config.json)"));
        return;
    }
    if (parts.size() > 4) {
        replyError(ex, 404, QStringLiteral("not_found"), QStringLiteral("No such log API path"));
        return;
    }
    const bool get = r.method == "GET" || r.method == "HEAD";
    const QByteArray sub = parts.size() == 4 ? parts[3] : QByteArray();
    if (r.method == "DELETE" && sub.isEmpty()) return remove(ex);
    if (!get) {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   sub.isEmpty()
                       ? QStringLiteral("Use GET or DELETE on /api/logs")
                       : QStringLiteral("Use GET on /api/logs/%1").arg(QString::fromUtf8(sub)));
        return;
    }
    if (sub.isEmpty()) return list(ex);
    if (sub == "stats") return stats(ex);
    if (sub == "hooks") return hooks(ex);
    if (sub == "live") return live(ex);
    one(ex, QString::fromUtf8(sub));
}

void LogsApi::list(const std::shared_ptr<HttpExchange> &ex) {
    LogFilter filter;
    QString error;
    if (!LogFilter::fromQuery(queryOf(ex), &filter, &error)) {
        replyError(ex, 400, QStringLiteral("invalid_filter"), error);
        return;
    }
    logs_->list(worker_, filter, [ex](bool ok, const LogPage &page, const QString &why) {
        if (!ok) return storeFailed(ex, why);
        replyJson(ex, 200,
                  {{QStringLiteral("data"), page.rows},
                   {QStringLiteral("total"), page.total},
                   {QStringLiteral("total_is_exact"), page.totalIsExact},
                   {QStringLiteral("limit"), page.limit},
                   {QStringLiteral("offset"), page.offset}});
    });
}

void LogsApi::one(const std::shared_ptr<HttpExchange> &ex, const QString &id) {
    logs_->get(worker_, id,
               [ex, id](bool ok, const std::optional<QJsonObject> &found, const QString &why) {
                   if (!ok) return storeFailed(ex, why);
                   if (!found) {
                       replyError(ex, 404, QStringLiteral("log_not_found"),
                                  QStringLiteral("No request with id \"%1\" in the log (it may "
                                                 "have been deleted by retention)")
                                      .arg(id.left(100)));
                       return;
                   }
                   replyJson(ex, 200, *found);
               });
}

void LogsApi::stats(const std::shared_ptr<HttpExchange> &ex) {
    const QUrlQuery q = queryOf(ex);
    LogReader::StatsWindow window;
    window.untilMs = QDateTime::currentMSecsSinceEpoch() + 1;
    window.sinceMs = window.untilMs - 15 * 60 * 1000;
    for (const auto &[name, field] :
         {std::pair{"since", &window.sinceMs}, {"until", &window.untilMs}}) {
        if (!q.hasQueryItem(QLatin1String(name))) continue;
        if (!parseTimeParameter(q.queryItemValue(QLatin1String(name), QUrl::FullyDecoded), field)) {
            replyError(ex, 400, QStringLiteral("invalid_filter"),
                       QStringLiteral("%1 must be an ISO 8601 time or ms since the epoch")
                           .arg(QLatin1String(name)));
            return;
        }
    }
    const LogStore::Counters counters = logs_->counters();
    logs_->stats(worker_, window,
                 [ex, counters](bool ok, const QJsonObject &s, const QString &why) {
                     if (!ok) return storeFailed(ex, why);
                     QJsonObject out = s;
                     out.insert(QStringLiteral("log_queue"),
                                QJsonObject{{QStringLiteral("written"), counters.written},
                                            {QStringLiteral("dropped"), counters.dropped},
                                            {QStringLiteral("failed"), counters.failed},
                                            {QStringLiteral("queued"), counters.queued},
                                            {QStringLiteral("queued_bytes"), counters.queuedBytes},
                                            {QStringLiteral("last_error"), counters.lastError}});
                     replyJson(ex, 200, out);
                 });
}

void LogsApi::hooks(const std::shared_ptr<HttpExchange> &ex) {
    const QUrlQuery q = queryOf(ex);
    auto text = [&](const char *name) {
        return q.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    LogReader::HookFilter f;
    f.plugin = text("plugin");
    f.hook = text("hook");
    f.level = text("level");
    f.kind = text("kind");
    f.requestId = text("request_id");
    qint64 ms = 0;
    if (q.hasQueryItem(QStringLiteral("since"))) {
        if (!parseTimeParameter(text("since"), &ms))
            return replyError(
                ex, 400, QStringLiteral("invalid_filter"),
                QStringLiteral("since must be an ISO 8601 time or ms since the epoch"));
        f.sinceMs = ms;
    }
    if (q.hasQueryItem(QStringLiteral("until"))) {
        if (!parseTimeParameter(text("until"), &ms))
            return replyError(
                ex, 400, QStringLiteral("invalid_filter"),
                QStringLiteral("until must be an ISO 8601 time or ms since the epoch"));
        f.untilMs = ms;
    }
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        f.limit = text("limit").toInt(&ok);
        if (!ok || f.limit < 1 || f.limit > 1000)
            return replyError(ex, 400, QStringLiteral("invalid_filter"),
                              QStringLiteral("limit must be between 1 and 1000"));
    }
    f.offset = qMax(0, text("offset").toInt());
    logs_->hookLines(worker_, f, [ex](bool ok, const QJsonObject &out, const QString &why) {
        if (!ok) return storeFailed(ex, why);
        replyJson(ex, 200, out);
    });
}

void LogsApi::remove(const std::shared_ptr<HttpExchange> &ex) {
    const QUrlQuery q = queryOf(ex);
    qint64 before = 0;
    if (!q.hasQueryItem(QStringLiteral("before")) ||
        !parseTimeParameter(q.queryItemValue(QStringLiteral("before"), QUrl::FullyDecoded),
                            &before)) {
        replyError(ex, 400, QStringLiteral("before_required"),
                   QStringLiteral("DELETE /api/logs needs ?before=<ISO 8601 time or ms since the "
                                  "epoch>; everything older is deleted"));
        return;
    }
    logs_->flush();  // what was recorded before the call is included
    logs_->removeBefore(worker_, before, [ex](bool ok, qint64 deleted, const QString &why) {
        if (!ok) return storeFailed(ex, why);
        replyJson(ex, 200, {{QStringLiteral("deleted"), deleted}});
    });
}

void LogsApi::live(const std::shared_ptr<HttpExchange> &ex) {
    const QUrlQuery q = queryOf(ex);
    auto text = [&](const char *name) {
        return q.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    LiveTail::Filter f;
    f.provider = text("provider");
    f.model = text("model");
    f.plugin = text("plugin");
    f.status = text("status").toLower();
    const QString events = text("events");
    if (!events.isEmpty() && events != QLatin1String("all")) {
        if (events != QLatin1String("requests") && events != QLatin1String("logs"))
            return replyError(ex, 400, QStringLiteral("invalid_filter"),
                              QStringLiteral("events must be requests, logs or all"));
        f.requests = events == QLatin1String("requests");
        f.logs = events == QLatin1String("logs");
    }
    LiveTail::start(logs_->feed(), ex, f, worker_, stopping_);
}

}  // namespace gatehouse
