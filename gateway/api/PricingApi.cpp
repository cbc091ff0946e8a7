#include "PricingApi.h"

#include "ApiReply.h"
#include "ProvidersApi.h"
#include "core/GatewayState.h"
#include "http/HttpExchange.h"
#include "pricing/PriceQuery.h"
#include "store/ConfigEdits.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace gatehouse {

namespace {

const QByteArray kPath = QByteArrayLiteral("/api/pricing");

// The body of PUT: {"pricing": [...]}, as in config.json, or the bare array.
bool readOverrides(const std::shared_ptr<HttpExchange> &ex, QJsonArray *out) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(ex->request().body, &error);
    const QJsonValue pricing =
        doc.isArray() ? QJsonValue(doc.array()) : doc.object().value(QStringLiteral("pricing"));
    if (error.error != QJsonParseError::NoError || !pricing.isArray()) {
        replyConfigResult(ex,
                          {400,
                           QStringLiteral("pricing: expected {\"pricing\": [...]} or an array of "
                                          "price overrides%1")
                               .arg(error.error != QJsonParseError::NoError
                                        ? QStringLiteral(" (") + error.errorString() + ')'
                                        : QString()),
                           QStringLiteral("pricing")},
                          {});
        return false;
    }
    *out = pricing.toArray();
    return true;
}

}  // namespace

bool PricingApi::handles(const QByteArray &path) {
    return path == kPath || path.startsWith(kPath + '/');
}

QJsonObject PricingApi::overridesJson(const GatewayState &state) {
    QString source;
    const QJsonArray overrides =
        state.configStore ? ConfigEdits::priceOverrides(*state.configStore->content(), &source)
                          : state.config()->pricing;
    const PriceCatalog &catalog = state.prices()->catalog();
    const PriceCatalog::Source &from = catalog.source();
    return {{QStringLiteral("pricing"), overrides},
            {QStringLiteral("source"), source.isEmpty() ? QJsonValue() : QJsonValue(source)},
            {QStringLiteral("catalogue"),
             QJsonObject{{QStringLiteral("package"), from.package},
                         {QStringLiteral("version"), from.version},
                         {QStringLiteral("generated"), from.generated},
                         {QStringLiteral("providers"), int(catalog.providers().size())},
                         {QStringLiteral("models"), catalog.modelCount()}}}};
}

void PricingApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    QByteArray path = r.path;
    if (path.endsWith('/')) path.chop(1);
    const QString rest =
        path.size() > kPath.size() ? QString::fromUtf8(path.mid(kPath.size() + 1)) : QString();
    const bool reading = r.method == "GET" || r.method == "HEAD";
    if (rest == QLatin1String("lookup")) {
        if (reading) return lookup(ex);
        return replyError(ex, 405, QStringLiteral("method_not_allowed"),
                          QStringLiteral("Use GET on /api/pricing/lookup"));
    }
    if (rest.contains(QLatin1Char('/')))
        return replyError(ex, 404, QStringLiteral("not_found"),
                          QStringLiteral("No such pricing API path"));
    if (reading && rest.isEmpty()) return replyJson(ex, 200, overridesJson(*state_));
    const bool allowed =
        rest.isEmpty() ? r.method == "PUT" || r.method == "POST" : r.method == "DELETE";
    if (!allowed)
        return replyError(ex, 405, QStringLiteral("method_not_allowed"),
                          rest.isEmpty() ? QStringLiteral("Use GET, PUT or POST on /api/pricing")
                                         : QStringLiteral("Use DELETE on /api/pricing/{index}"));
    write(ex, rest);
}

void PricingApi::lookup(const std::shared_ptr<HttpExchange> &ex) {
    const QUrlQuery query(QString::fromUtf8(ex->request().query));
    const QString provider = query.queryItemValue(QStringLiteral("provider"), QUrl::FullyDecoded);
    const QString model = query.queryItemValue(QStringLiteral("model"), QUrl::FullyDecoded);
    if (provider.trimmed().isEmpty() || model.trimmed().isEmpty())
        return replyError(ex, 400, QStringLiteral("invalid_request"),
                          QStringLiteral("Give provider and model: GET "
                                         "/api/pricing/lookup?provider=openai&model=gpt-4o"));
    replyJson(ex, 200, priceQuery(state_->prices()->catalog(), *state_->config(), provider, model));
}

void PricingApi::write(const std::shared_ptr<HttpExchange> &ex, const QString &index) {
    if (!requireApiToken(ex, state_->guard.get(),
                         QStringLiteral("Prices decide what requests and the governance "
                                        "plugin's budgets are charged")))
        return;
    ConfigStore *store = state_->configStore;
    if (!store)
        return replyError(ex, 503, QStringLiteral("store_unavailable"),
                          QStringLiteral("This gateway runs without a config store"));
    const QByteArray &method = ex->request().method;
    // Changes the overrides as the edit finds them, so two quick POSTs both count.
    std::function<bool(QJsonArray &, ConfigStore::Result *)> change;
    int status = 200;
    if (method == "PUT") {
        QJsonArray given;
        if (!readOverrides(ex, &given)) return;
        change = [given](QJsonArray &overrides, ConfigStore::Result *) {
            overrides = given;
            return true;
        };
    } else if (method == "POST") {
        const QJsonDocument doc = QJsonDocument::fromJson(ex->request().body);
        if (!doc.isObject())
            return replyConfigResult(
                ex,
                {400,
                 QStringLiteral("expected one price override: {\"provider\": \"openai\", "
                                "\"model\": \"gpt-4o\", \"input_mtok\": 2.5, ...}"),
                 QString()},
                {});
        change = [entry = doc.object()](QJsonArray &overrides, ConfigStore::Result *) {
            overrides.append(entry);
            return true;
        };
        status = 201;
    } else {
        bool number = false;
        const int at = index.toInt(&number);
        change = [at, number, index](QJsonArray &overrides, ConfigStore::Result *r) {
            if (number && at >= 0 && at < overrides.size()) {
                overrides.removeAt(at);
                return true;
            }
            *r = {404,
                  QStringLiteral("no price override [%1]: GET /api/pricing lists them, "
                                 "numbered from 0")
                      .arg(index),
                  QString()};
            return false;
        };
    }
    ConfigStore::Edit edit = [change](ConfigContent &content, ConfigStore::Result *r) {
        QJsonArray overrides = ConfigEdits::priceOverrides(content);
        return change(overrides, r) && ConfigEdits::putPricing(overrides)(content, r);
    };
    GatewayState *state = state_;
    store->change(edit, worker_, [ex, state, status](ConfigStore::Result result) {
        if (result.ok()) result.status = status;
        replyConfigResult(ex, result, result.ok() ? overridesJson(*state) : QJsonObject());
    });
}

}  // namespace gatehouse
