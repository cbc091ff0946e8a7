#include "SessionsApi.h"

#include "ApiReply.h"
#include "http/HttpExchange.h"
#include "store/LogStore.h"

#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

namespace gatehouse {

namespace {

constexpr qint64 kDefaultWindowMs = 7LL * 24 * 60 * 60 * 1000;

void storeFailed(const std::shared_ptr<HttpExchange> &ex, const QString &error) {
    replyError(ex, 503, QStringLiteral("log_store_unavailable"),
               QStringLiteral("The log store could not answer: %1").arg(error));
}

// The query's filter; false after answering 400.
bool filterOf(const std::shared_ptr<HttpExchange> &ex, SessionReader::Filter *f) {
    const QUrlQuery q(QString::fromUtf8(ex->request().query));
    const auto text = [&](const char *name) {
        return q.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    f->untilMs = QDateTime::currentMSecsSinceEpoch() + 1;
    f->sinceMs = f->untilMs - kDefaultWindowMs;
    for (const auto &[name, field] : {std::pair{"since", &f->sinceMs}, {"until", &f->untilMs}}) {
        if (!q.hasQueryItem(QLatin1String(name))) continue;
        if (!parseTimeParameter(text(name), field)) {
            replyError(ex, 400, QStringLiteral("invalid_filter"),
                       QStringLiteral("%1 must be an ISO 8601 time or ms since the epoch")
                           .arg(QLatin1String(name)));
            return false;
        }
    }
    f->agent = text("agent");
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        f->limit = text("limit").toInt(&ok);
        if (!ok || f->limit < 1 || f->limit > 1000) {
            replyError(ex, 400, QStringLiteral("invalid_filter"),
                       QStringLiteral("limit must be a whole number from 1 to 1000"));
            return false;
        }
    }
    return true;
}

}  // namespace

void SessionsApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    if (!logs_) {
        replyError(ex, 503, QStringLiteral("logging_disabled"),
                   QStringLiteral("Agent sessions come from the request log, which is off "
                                  "(client.enable_logging is false in config.json)"));
        return;
    }
    if (r.method != "GET" && r.method != "HEAD") {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   QStringLiteral("Use GET on /api/sessions"));
        return;
    }
    const QByteArray rest = r.path.mid(qsizetype(sizeof("/api/sessions") - 1));
    if (rest.size() > 1) {
        const QString id = QUrl::fromPercentEncoding(rest.mid(1));
        if (id.contains(QLatin1Char('/'))) {
            replyError(ex, 404, QStringLiteral("not_found"),
                       QStringLiteral("No such sessions API path"));
            return;
        }
        return one(ex, id);
    }
    SessionReader::Filter filter;
    if (!filterOf(ex, &filter)) return;
    logs_->sessions(worker_, filter, [ex](bool ok, const QJsonArray &rows, const QString &why) {
        if (!ok) return storeFailed(ex, why);
        replyJson(ex, 200, {{QStringLiteral("data"), rows}});
    });
}

void SessionsApi::one(const std::shared_ptr<HttpExchange> &ex, const QString &id) {
    SessionReader::Filter filter;
    filter.sessionId = id;
    filter.sinceMs = 0;
    filter.untilMs = QDateTime::currentMSecsSinceEpoch() + 1;
    LogStore *logs = logs_;
    QObject *worker = worker_;
    logs_->sessions(
        worker_, filter,
        [ex, id, logs, worker](bool ok, const QJsonArray &rows, const QString &why) {
            if (!ok) return storeFailed(ex, why);
            if (rows.isEmpty()) {
                replyError(ex, 404, QStringLiteral("session_not_found"),
                           QStringLiteral("No turns of session \"%1\" in the log (it may have been "
                                          "deleted by retention)")
                               .arg(id.left(100)));
                return;
            }
            LogFilter turns;
            turns.sessionId = id;
            turns.sortBy = QStringLiteral("time");
            turns.descending = false;
            turns.limit = 1000;
            const QJsonObject session = rows.first().toObject();
            logs->list(worker, turns,
                       [ex, session](bool listed, const LogPage &page, const QString &error) {
                           if (!listed) return storeFailed(ex, error);
                           replyJson(ex, 200,
                                     {{QStringLiteral("session"), session},
                                      {QStringLiteral("turns"), page.rows}});
                       });
        });
}

}  // namespace gatehouse
