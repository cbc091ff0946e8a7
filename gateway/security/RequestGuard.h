#pragma once

#include "ApiToken.h"
#include "HostAllowList.h"
#include "LocalTrust.h"
#include "OriginPolicy.h"

#include <QByteArray>
#include <functional>
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
//   3. /api, /ws and /mcp: a token that is sent must be right (else 401); when the
//      gateway listens beyond loopback one must be sent (else 401).
//   4. A connection local_trust does not admit (not the owner's): the token,
//      on every path (else 401 saying how to get access). The one way in
//      without it: an inference path with a virtual key (x-bf-vk) the
//      governance plugin knows; /api, /ws, /mcp, /v1/mcp, /health and
//      /metrics never.
// Refusals are OpenAI-shaped errors that say why and what to do. A token
// that was checked is taken off inference requests, so plugins and
// providers never see it. Immutable; shared by all workers.
class RequestGuard {
public:
    enum class Token { Absent, Valid, Wrong };
    // Whether an active governance plugin lists this virtual key.
    using VirtualKeyCheck = std::function<bool(const QByteArray &key)>;

    // `knownVirtualKey` empty: no virtual key admits anyone.
    RequestGuard(const ClientConfig &client, bool tokenRequiredForApi,
                 std::shared_ptr<const ApiToken> token, const QString &machineHostName,
                 LocalTrust trust, VirtualKeyCheck knownVirtualKey = {});

    // False when the request was answered here (refused, or a preflight).
    bool admit(HttpExchange &exchange) const;

    // The token in "Authorization: Bearer ..." or "X-Gatehouse-Token".
    Token token(const HttpRequest &request) const;
    bool tokenRequiredForApi() const { return tokenRequired_; }
    // Where the token is, as shown in refusals: "~/.config/gatehouse/api-token".
    QString tokenLocation() const;

    // /api, /ws and /mcp, however the path is spelled ("/API/../api/x" too).
    static bool isManagementPath(const QByteArray &path);
    // Where models are called: /v1/..., /openai/v1/..., /anthropic/v1/...,
    // /genai/... (as the router spells them: exactly, no "..").
    static bool isInferencePath(const QByteArray &path);
    const LocalTrust &localTrust() const { return trust_; }

private:
    bool refuse(HttpExchange &exchange, int status, const QString &code,
                const QString &message) const;
    void answerPreflight(HttpExchange &exchange) const;
    bool refuseNotOwner(HttpExchange &exchange) const;

    HostAllowList hosts_;
    OriginPolicy origins_;
    bool tokenRequired_;
    std::shared_ptr<const ApiToken> token_;
    LocalTrust trust_;
    VirtualKeyCheck knownVirtualKey_;
};

}  // namespace gatehouse
