#pragma once

// What every fault test checks after its fault: the gateway still answers
// /health and still serves a normal request, and no request is left
// counted as in flight (a request stuck forever would stay there).
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonObject>
#include <thread>

namespace gatehouse {

inline int inFlightOf(quint16 port) {
    const TestHttpResponse r = TestHttpClient::get(port, "/health");
    return r.status == 200 ? jsonOf(r.body).value(QStringLiteral("in_flight")).toInt(-1) : -1;
}

// `model` is a model that answers normally in this test's config.
inline void expectStillServing(quint16 port, const QString &model = QStringLiteral("mock/echo")) {
    const TestHttpResponse health = TestHttpClient::get(port, "/health");
    EXPECT_EQ(health.status, 200) << health.error.toStdString();
    EXPECT_EQ(jsonOf(health.body).value(QStringLiteral("status")).toString(), "ok");
    const TestHttpResponse r =
        TestHttpClient::post(port, "/v1/chat/completions", chatBody(model, "still alive"));
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(answerText(r.body).contains(QStringLiteral("still alive"))) << r.body.toStdString();
    // Requests the fault abandoned are finished (cancelled) soon after;
    // none may stay in flight.
    int inFlight = inFlightOf(port);
    for (int i = 0; i < 300 && inFlight != 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        inFlight = inFlightOf(port);
    }
    EXPECT_EQ(inFlight, 0);
}

}  // namespace gatehouse
