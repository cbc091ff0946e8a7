#include "ProvidersApi.h"

#include "ApiReply.h"
#include "http/HttpExchange.h"
#include "security/RequestGuard.h"
#include "store/ConfigEdits.h"
#include "store/ConfigMasking.h"

#include <QJsonArray>
#include <QUrl>

namespace gatehouse {

void replyConfigResult(const std::shared_ptr<HttpExchange> &ex, const ConfigStore::Result &r,
                       const QJsonObject &body) {
    if (r.ok()) {
        replyJson(ex, r.status, body);
        return;
    }
    const QString code = r.status == 404   ? QStringLiteral("not_found")
                         : r.status == 409 ? QStringLiteral("already_exists")
                         : r.status == 503 ? QStringLiteral("store_unavailable")
                         : r.status == 401 ? QStringLiteral("token_required")
                                           : QStringLiteral("invalid_config");
    QJsonObject error{
        {QStringLiteral("message"), r.error},
        {QStringLiteral("type"), r.status >= 500 ? QStringLiteral("server_error")
                                                 : QStringLiteral("invalid_request_error")},
        {QStringLiteral("code"), code},
        {QStringLiteral("param"), r.field.isEmpty() ? QJsonValue() : QJsonValue(r.field)}};
    replyJson(ex, r.status, {{QStringLiteral("error"), error}});
}

ConfigEdits::Caller callerOf(const RequestGuard *guard, const std::shared_ptr<HttpExchange> &ex) {
    return guard && guard->token(ex->request()) == RequestGuard::Token::Valid
               ? ConfigEdits::Caller::Trusted
               : ConfigEdits::Caller::Untrusted;
}

QJsonObject ProvidersApi::providerJson(const ConfigItem &item, bool withName) {
    QJsonObject out = ConfigMasking::maskProvider(item.value.toObject());
    if (withName) out.insert(QStringLiteral("name"), item.name);
    out.insert(QStringLiteral("source"), item.source);
    return out;
}

void ProvidersApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    QList<QByteArray> parts = r.path.split('/');  // "", "api", "providers", name
    while (!parts.isEmpty() && parts.last().isEmpty()) parts.removeLast();
    if (parts.size() > 4) {
        replyError(ex, 404, QStringLiteral("not_found"),
                   QStringLiteral("No such provider API path"));
        return;
    }
    const QString name = parts.size() == 4 ? QUrl::fromPercentEncoding(parts[3]) : QString();
    if (!store_) {
        replyError(ex, 503, QStringLiteral("store_unavailable"),
                   QStringLiteral("This gateway runs without a config store"));
        return;
    }
    const auto content = store_->content();
    if (r.method == "GET" || r.method == "HEAD") {
        if (name.isEmpty()) {
            QJsonArray list;
            for (const ConfigItem &item : content->providers)
                if (!item.deleted) list.append(providerJson(item, true));
            replyJson(ex, 200, {{QStringLiteral("providers"), list}});
            return;
        }
        const ConfigItem *item = content->find(ConfigSection::Providers, name);
        if (!item || item->deleted) {
            replyError(ex, 404, QStringLiteral("not_found"),
                       QStringLiteral("no provider named \"%1\": GET /api/providers lists them")
                           .arg(name));
            return;
        }
        replyJson(ex, 200, providerJson(*item, true));
        return;
    }
    ConfigStore::Edit edit;
    QString target = name;
    if (r.method == "POST" && name.isEmpty()) {
        QJsonObject body;
        if (!readJsonObjectBody(ex, &body)) return;
        target = body.take(QStringLiteral("name")).toString();
        if (target.isEmpty()) {
            replyConfigResult(
                ex,
                {400, QStringLiteral("name: missing: the provider's name"), QStringLiteral("name")},
                {});
            return;
        }
        edit = ConfigEdits::putProvider(target, body, /*create=*/true, callerOf(guard_.get(), ex));
    } else if (r.method == "PUT" && !name.isEmpty()) {
        QJsonObject body;
        if (!readJsonObjectBody(ex, &body)) return;
        body.remove(QStringLiteral("name"));
        edit = ConfigEdits::putProvider(name, body, /*create=*/false, callerOf(guard_.get(), ex));
    } else if (r.method == "DELETE" && !name.isEmpty()) {
        edit = ConfigEdits::removeProvider(name);
    } else {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   name.isEmpty()
                       ? QStringLiteral("Use GET or POST on /api/providers")
                       : QStringLiteral("Use GET, PUT or DELETE on /api/providers/{name}"));
        return;
    }
    const bool removing = r.method == "DELETE";
    ConfigStore *store = store_;
    store_->change(edit, worker_, [ex, store, target, removing](const ConfigStore::Result &result) {
        QJsonObject body;
        if (result.ok() && !removing) {
            if (const ConfigItem *item = store->content()->find(ConfigSection::Providers, target))
                body = providerJson(*item, true);
        } else if (result.ok()) {
            body = {{QStringLiteral("deleted"), target}};
        }
        replyConfigResult(ex, result, body);
    });
}

}  // namespace gatehouse
