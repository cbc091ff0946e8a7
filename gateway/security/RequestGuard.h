#pragma once

#include "ApiToken.h"
#include "HostAllowList.h"
#include "OriginPolicy.h"

#include <QByteArray>
#include <memory>

namespace gatehouse {

class HttpExchange;
struct ClientConfig;
struct HttpRequest;

// The check every request passes before its endpoint sees it, in this order:
//   1. Host: not one of the gateway's own names (DNS rebinding) -> 403,
//      unless the request carries the API token.
//   2. Origin (browsers only): not in client.allowed_origins -> 403, on
//      every path, preflights included; an allowed one gets its CORS
//      headers, and its preflight (OPTIONS) is answered here.
//   3. /api and /ws: a token that is sent must be right (else 401); when the
//      gateway listens beyond loopback one must be sent (else 401).
// Refusals are OpenAI-shaped errors that say why and what to do. A token
// that was checked is taken off inference requests, so plugins and
// providers never see it. Immutable; shared by all workers.
class RequestGuard {
public:
    enum class Token { Absent, Valid, Wrong };

    RequestGuard(const ClientConfig &client, bool tokenRequiredForApi,
                 std::shared_ptr<const ApiToken> token, const QString &machineHostName);

    // False when the request was answered here (refused, or a preflight).
    bool admit(HttpExchange &exchange) const;

    // The token in "Authorization: Bearer ..." or "X-Gatehouse-Token".
    Token token(const HttpRequest &request) const;
    bool tokenRequiredForApi() const { return tokenRequired_; }
    // Where the token is, as shown in refusals: "~/.config/gatehouse/api-token".
    QString tokenLocation() const;

    // /api and /ws, however the path is spelled ("/API/../api/x" too).
    static bool isManagementPath(const QByteArray &path);

private:
    bool refuse(HttpExchange &exchange, int status, const QString &code,
                const QString &message) const;
    void answerPreflight(HttpExchange &exchange) const;

    HostAllowList hosts_;
    OriginPolicy origins_;
    bool tokenRequired_;
    std::shared_ptr<const ApiToken> token_;
};

}  // namespace gatehouse
