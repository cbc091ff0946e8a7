#pragma once

#include "Gateway.h"

#include "http/HttpHeaders.h"

#include <QByteArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <memory>

namespace gatehouse {

// Starts a real Gateway in-process on a free port from a config.json text,
// for integration tests that talk to it over real HTTP (TestHttpClient).
class GatewayHarness {
public:
    // Returns false (and fills `error`) when the config is refused or the
    // gateway cannot start.
    bool start(const QByteArray &configJson, QString *error = nullptr, int workers = 2);
    // The same with options of the test's choosing. The port is `options`'
    // (use 0); an empty apiTokenFile means a file in a directory of this
    // harness, never the user's own token.
    bool start(const QByteArray &configJson, GatewayOptions options, QString *error = nullptr);
    void stop();
    ~GatewayHarness() { stop(); }

    quint16 port() const { return gateway_ ? gateway_->port() : 0; }
    Gateway &gateway() { return *gateway_; }
    // "Authorization: Bearer <the gateway's API token>".
    HttpHeaders tokenHeader() const;

private:
    std::unique_ptr<Gateway> gateway_;
    QTemporaryDir tokenDir_;
};

// A chat completion request body for `model` with one user message.
QByteArray chatBody(const QString &model, const QString &userText, bool stream = false,
                    const QJsonObject &extra = {});
// The body parsed as a JSON object (empty if it is not one).
QJsonObject jsonOf(const QByteArray &body);
// "data:" payloads of an SSE body, in order.
QList<QByteArray> sseData(const QByteArray &body);
// The assistant's text in a chat.completion body ("" when there is none).
QString answerText(const QByteArray &body);
// What the content deltas of a streamed chat completion add up to.
QString streamedText(const QByteArray &sseBody);
// (event, data) pairs of an SSE body, in order.
QList<QPair<QByteArray, QByteArray>> sseEvents(const QByteArray &body);

}  // namespace gatehouse
