#pragma once
// Helpers shared by the config store tests.

#include "EventLoopWait.h"
#include "TestHttpClient.h"
#include "store/ConfigStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <atomic>
#include <thread>

namespace gatehouse::test {

// An API call from another thread while this (the gateway's main) thread
// keeps processing events: changes are applied on the main thread.
inline TestHttpResponse apiCall(quint16 port, const QByteArray &method, const QByteArray &path,
                                const QByteArray &body = {}, const HttpHeaders &headers = {}) {
    TestHttpResponse response;
    std::atomic<bool> done{false};
    std::thread client([&] {
        response = TestHttpClient::request(port, method, path, body, headers);
        done = true;
    });
    runEventsUntil([&] { return done.load(); }, 20000);
    client.join();
    return response;
}

inline QJsonObject jsonBody(const TestHttpResponse &r) {
    return QJsonDocument::fromJson(r.body).object();
}

// Runs a ConfigStore::change() to its end.
inline ConfigStore::Result applyEdit(ConfigStore &store, ConfigStore::Edit edit) {
    ConfigStore::Result result;
    bool done = false;
    QObject context;
    store.change(std::move(edit), &context, [&](const ConfigStore::Result &r) {
        result = r;
        done = true;
    });
    runEventsUntil([&] { return done; }, 20000);
    return result;
}

}  // namespace gatehouse::test
