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
    // The store is a fresh SQLite file per harness (kept across stop() and
    // start(), so a restart sees what the last run stored), unless the
    // config names one or setStore() was called.
    bool start(const QByteArray &configJson, QString *error = nullptr, int workers = 2);
    // The store (SQLite path or postgres:// URL) for the next start().
    void setStore(const QString &store) { store_ = store; }
    // config.json's path for the next start (relative plugin paths and the
    // "file" source of its items); empty: an in-memory text.
    void setConfigPath(const QString &path) { configPath_ = path; }
    // Let the gateway ask providers for their model lists (off by default:
    // those requests would reach fakes that count what they receive).
    void setListProviderModels(bool on) { listProviderModels_ = on; }
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
    QString store_;
    QString configPath_;
    bool listProviderModels_ = false;
    std::unique_ptr<QTemporaryDir> storeDir_;
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
