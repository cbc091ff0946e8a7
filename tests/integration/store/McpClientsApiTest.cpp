// /api/mcp/clients manages MCP servers that last: one added through the API
// connects and lists its tools, is still there after a restart and on every
// gateway sharing the store; an edit restarts it; removing or disabling it
// ends its process at once; a restart or disable during the handshake is no
// error; every change needs the API token; bad input is refused naming the
// field. Against a real stdio (and HTTP) MCP server.
#include "ConfigTestSupport.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QProcess>

#include <cerrno>
#include <csignal>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::jsonBody;
using gatehouse::test::TestStore;

namespace {

const QString kServer = QStringLiteral(GATEHOUSE_MCP_FIXTURES "/test_server.py");

QByteArray stdioEntry(const QString &name, const QStringList &envs = {},
                      const QString &extra = QString()) {
    QJsonArray envArray;
    for (const QString &e : envs) envArray.append(e);
    return QStringLiteral(R"({"name": "%1", "connection_type": "stdio",
        "stdio_config": {"command": "python3", "args": ["%2"], "envs": %3},
        "tools_to_execute": ["*"]%4})")
        .arg(name, kServer,
             QString::fromUtf8(QJsonDocument(envArray).toJson(QJsonDocument::Compact)), extra)
        .toUtf8();
}

bool processExists(qint64 pid) {
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno != ESRCH);
}

class McpClientsApiTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    bool start(GatewayHarness &g, const TestStore &store, const QByteArray &config = "{}") {
        g.setStore(store.url());
        QString error;
        const bool ok = g.start(config, &error);
        EXPECT_TRUE(ok) << error.toStdString();
        return ok;
    }
    TestHttpResponse api(GatewayHarness &g, const QByteArray &method, const QByteArray &path,
                         const QByteArray &body = {}) {
        return apiCall(g.port(), method, path, body, g.tokenHeader());
    }
    QJsonObject client(GatewayHarness &g, const QString &name) {
        return jsonBody(api(g, "GET", "/api/mcp/client/" + name.toUtf8()));
    }
    // Waits until the client is connected; its status then.
    QJsonObject connected(GatewayHarness &g, const QString &name, int timeoutMs = 15000) {
        QJsonObject c;
        runEventsUntil(
            [&] {
                c = client(g, name);
                return c["state"].toString() == "connected";
            },
            timeoutMs);
        EXPECT_EQ(c["state"].toString(), "connected") << QJsonDocument(c).toJson().toStdString();
        return c;
    }
    QString callTool(GatewayHarness &g, const QString &tool, const QJsonObject &args = {}) {
        const QJsonObject call{
            {"id", "call_1"},
            {"type", "function"},
            {"function",
             QJsonObject{{"name", tool},
                         {"arguments", QString::fromUtf8(QJsonDocument(args).toJson())}}}};
        const auto r = api(g, "POST", "/v1/mcp/tool/execute", QJsonDocument(call).toJson());
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return jsonBody(r)["content"].toString();
    }
};

TEST_P(McpClientsApiTest, AnAddedServerConnectsListsItsToolsAndIsThereAfterARestart) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const auto made = api(g, "POST", "/api/mcp/clients", stdioEntry("local"));
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    EXPECT_EQ(jsonBody(made)["name"].toString(), "local");
    EXPECT_EQ(jsonBody(made)["source"].toString(), "api");

    QJsonObject c = connected(g, "local");
    QStringList tools;
    for (const QJsonValue &t : c["tools"].toArray()) tools << t.toObject()["name"].toString();
    EXPECT_EQ(tools, QStringList({"echo", "env", "pid"}));
    EXPECT_EQ(callTool(g, "local-echo", {{"message", "hi"}}), "Echo: hi");
    EXPECT_EQ(jsonBody(api(g, "GET", "/api/mcp/clients"))["count"].toInt(), 1);

    g.stop();
    ASSERT_TRUE(start(g, store));
    connected(g, "local");
    EXPECT_EQ(callTool(g, "local-echo", {{"message", "again"}}), "Echo: again");
}

TEST_P(McpClientsApiTest, AServerAddedOnOneGatewayRunsOnAnotherSharingTheStore) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness a, b;
    ASSERT_TRUE(start(a, store));
    ASSERT_TRUE(start(b, store));
    ASSERT_EQ(api(a, "POST", "/api/mcp/clients", stdioEntry("shared")).status, 201);
    connected(b, "shared", 20000);
    EXPECT_EQ(callTool(b, "shared-echo", {{"message", "b"}}), "Echo: b");
    ASSERT_EQ(api(a, "DELETE", "/api/mcp/client/shared").status, 200);
    EXPECT_TRUE(runEventsUntil(
        [&] { return api(b, "GET", "/api/mcp/client/shared").status == 404; }, 20000));
}

TEST_P(McpClientsApiTest, AnEditRestartsTheServerAndAMaskedSecretKeepsItsValue) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const QString secret = "sk-secret-value-0123456789";
    ASSERT_EQ(api(g, "POST", "/api/mcp/clients",
                  stdioEntry("edited", {"SECRET=" + secret, "GREETING=one"}))
                  .status,
              201);
    const QJsonObject before = connected(g, "edited");
    const qint64 pid = before["pid"].toInteger();
    EXPECT_EQ(callTool(g, "edited-env", {{"name", "GREETING"}}), "one");
    // Shown masked, never as it is.
    const QJsonObject config = before["config"].toObject();
    const QJsonArray envs = config["stdio_config"].toObject()["envs"].toArray();
    EXPECT_FALSE(api(g, "GET", "/api/mcp/clients").body.contains(secret.toUtf8()));
    EXPECT_TRUE(envs.at(0).toString().startsWith("SECRET=sk-..."))
        << envs.at(0).toString().toStdString();

    // The config as shown, with GREETING changed: SECRET comes back masked.
    QJsonObject edited = config;
    QJsonObject stdio = edited["stdio_config"].toObject();
    stdio["envs"] = QJsonArray{envs.at(0), "GREETING=two"};
    edited["stdio_config"] = stdio;
    const auto put = api(g, "PUT", "/api/mcp/client/edited",
                         QJsonDocument(edited).toJson(QJsonDocument::Compact));
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    const QJsonObject after = connected(g, "edited");
    EXPECT_NE(after["pid"].toInteger(), pid);
    EXPECT_TRUE(runEventsUntil([&] { return !processExists(pid); }, 5000));
    EXPECT_EQ(callTool(g, "edited-env", {{"name", "GREETING"}}), "two");
    EXPECT_EQ(callTool(g, "edited-env", {{"name", "SECRET"}}), secret);

    // Only the tool filter: no new process.
    QJsonObject filtered = after["config"].toObject();
    filtered["tools_to_execute"] = QJsonArray{"echo"};
    ASSERT_EQ(api(g, "PUT", "/api/mcp/client/edited",
                  QJsonDocument(filtered).toJson(QJsonDocument::Compact))
                  .status,
              200);
    EXPECT_EQ(client(g, "edited")["pid"].toInteger(), after["pid"].toInteger());
    const auto refused = api(g, "POST", "/v1/mcp/tool/execute",
                             R"({"function":{"name":"edited-env","arguments":"{}"}})");
    EXPECT_EQ(refused.status, 403) << refused.body.toStdString();
}

// A restart or a disable while the server has not yet answered initialize
// ends that handshake quietly: no error recorded for it, no reconnect
// attempt counted, and the restarted server connects.
TEST_P(McpClientsApiTest, AnEditOrADisableDuringTheHandshakeIsNotAnError) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    ASSERT_EQ(api(g, "POST", "/api/mcp/clients",
                  stdioEntry("slow", {"STALL_INITIALIZE_MS=1500", "GREETING=one"}))
                  .status,
              201);
    // Its process runs and has not answered initialize yet.
    QJsonObject during;
    ASSERT_TRUE(runEventsUntil(
        [&] {
            during = client(g, "slow");
            return during["pid"].toInteger() > 0;
        },
        10000));
    ASSERT_EQ(during["state"].toString(), "connecting");

    // The config as shown with another greeting: a change that restarts it.
    auto greet = [&, config = during["config"].toObject()](const QString &greeting) mutable {
        QJsonObject stdio = config["stdio_config"].toObject();
        stdio["envs"] = QJsonArray{"STALL_INITIALIZE_MS=1500", "GREETING=" + greeting};
        config["stdio_config"] = stdio;
        return api(g, "PUT", "/api/mcp/client/slow",
                   QJsonDocument(config).toJson(QJsonDocument::Compact))
            .status;
    };
    ASSERT_EQ(greet("two"), 200);
    const QJsonObject restarted = client(g, "slow");
    EXPECT_EQ(restarted["state"].toString(), "connecting");
    EXPECT_TRUE(restarted["last_error"].isNull())
        << restarted["last_error"].toString().toStdString();
    EXPECT_EQ(restarted["reconnect_attempt"].toInt(), 0);
    const QJsonObject after = connected(g, "slow");
    EXPECT_TRUE(after["last_error"].isNull()) << after["last_error"].toString().toStdString();
    EXPECT_EQ(after["reconnect_attempt"].toInt(), 0);
    EXPECT_EQ(callTool(g, "slow-env", {{"name", "GREETING"}}), "two");

    // Edited again, then disabled before the new handshake ends.
    ASSERT_EQ(greet("three"), 200);
    ASSERT_EQ(api(g, "PUT", "/api/mcp/client/slow", R"({"enabled": false})").status, 200);
    const QJsonObject disabled = client(g, "slow");
    EXPECT_EQ(disabled["state"].toString(), "disabled");
    EXPECT_TRUE(disabled["last_error"].isNull()) << disabled["last_error"].toString().toStdString();
    EXPECT_EQ(disabled["reconnect_attempt"].toInt(), 0);
}

TEST_P(McpClientsApiTest, RemovingOrDisablingAServerEndsItsProcessAndLasts) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    ASSERT_EQ(api(g, "POST", "/api/mcp/clients", stdioEntry("gone")).status, 201);
    ASSERT_EQ(api(g, "POST", "/api/mcp/clients", stdioEntry("paused")).status, 201);
    const qint64 gonePid = connected(g, "gone")["pid"].toInteger();
    const qint64 pausedPid = connected(g, "paused")["pid"].toInteger();
    ASSERT_TRUE(processExists(gonePid));

    const auto removed = api(g, "DELETE", "/api/mcp/client/gone");
    ASSERT_EQ(removed.status, 200) << removed.body.toStdString();
    EXPECT_EQ(api(g, "GET", "/api/mcp/client/gone").status, 404);
    EXPECT_TRUE(runEventsUntil([&] { return !processExists(gonePid); }, 4000));

    const auto disabled = api(g, "PUT", "/api/mcp/client/paused", R"({"enabled": false})");
    ASSERT_EQ(disabled.status, 200) << disabled.body.toStdString();
    EXPECT_EQ(jsonBody(disabled)["state"].toString(), "disabled");
    EXPECT_TRUE(runEventsUntil([&] { return !processExists(pausedPid); }, 4000));

    g.stop();
    ASSERT_TRUE(start(g, store));
    EXPECT_EQ(api(g, "GET", "/api/mcp/client/gone").status, 404);
    EXPECT_EQ(client(g, "paused")["state"].toString(), "disabled");
    ASSERT_EQ(api(g, "PUT", "/api/mcp/client/paused", R"({"enabled": true})").status, 200);
    connected(g, "paused");
}

TEST_P(McpClientsApiTest, AServerFromConfigJsonIsSeededAndItsRemovalLasts) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    const QByteArray config = R"({"mcp": {"client_configs": [)" + stdioEntry("seeded") + "]}}";
    ASSERT_TRUE(start(g, store, config));
    const QJsonObject c = connected(g, "seeded");
    EXPECT_EQ(c["source"].toString(), "file");
    ASSERT_EQ(api(g, "DELETE", "/api/mcp/client/seeded").status, 200);
    g.stop();
    // The same file again: what was removed stays removed.
    ASSERT_TRUE(start(g, store, config));
    EXPECT_EQ(api(g, "GET", "/api/mcp/client/seeded").status, 404);
    EXPECT_EQ(jsonBody(api(g, "GET", "/api/mcp/clients"))["count"].toInt(), 0);
}

TEST_P(McpClientsApiTest, ChangesNeedTheApiToken) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    ASSERT_EQ(api(g, "POST", "/api/mcp/clients", stdioEntry("kept")).status, 201);
    EXPECT_EQ(apiCall(g.port(), "POST", "/api/mcp/clients", stdioEntry("other")).status, 401);
    EXPECT_EQ(apiCall(g.port(), "PUT", "/api/mcp/client/kept", stdioEntry("kept")).status, 401);
    EXPECT_EQ(apiCall(g.port(), "PUT", "/api/mcp/client/kept", R"({"enabled":false})").status, 401);
    EXPECT_EQ(apiCall(g.port(), "DELETE", "/api/mcp/client/kept").status, 401);
    HttpHeaders wrong;
    wrong.add("Authorization", "Bearer not-the-token");
    EXPECT_EQ(apiCall(g.port(), "DELETE", "/api/mcp/client/kept", {}, wrong).status, 401);
    EXPECT_EQ(apiCall(g.port(), "GET", "/api/mcp/client/other").status, 404);
    EXPECT_EQ(apiCall(g.port(), "GET", "/api/mcp/client/kept").status, 200);
}

TEST_P(McpClientsApiTest, BadInputIsRefusedNamingTheField) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    auto refused = [&](const QByteArray &method, const QByteArray &path, const QByteArray &body) {
        const auto r = api(g, method, path, body);
        EXPECT_EQ(r.status, 400) << body.toStdString() << " -> " << r.body.toStdString();
        const QJsonObject e = jsonBody(r)["error"].toObject();
        EXPECT_TRUE(e["message"].toString().startsWith(e["param"].toString()))
            << r.body.toStdString();
        return e["param"].toString().toStdString();
    };
    EXPECT_EQ(refused("POST", "/api/mcp/clients",
                      R"({"name":"x","connection_type":"stdio","stdio_config":{}})"),
              "stdio_config.command");
    EXPECT_EQ(refused("POST", "/api/mcp/clients",
                      R"({"name":"a-b","connection_type":"stdio","stdio_config":{"command":"x"}})"),
              "name");
    EXPECT_EQ(refused("POST", "/api/mcp/clients", R"({"connection_type":"stdio"})"), "name");
    EXPECT_EQ(refused("POST", "/api/mcp/clients", R"({"name":"x","connection_type":"telnet"})"),
              "connection_type");
    EXPECT_EQ(refused("POST", "/api/mcp/clients", R"({"name":"x","connection_type":"http"})"),
              "connection_string");
    EXPECT_EQ(refused("POST", "/api/mcp/clients",
                      R"({"name":"x","connection_type":"http","connection_string":"http://h/",
                          "headers":{"X-Key":7}})"),
              "headers.X-Key");
    EXPECT_EQ(refused("POST", "/api/mcp/clients",
                      R"({"name":"x","connection_type":"http","connection_string":"http://h/",
                          "auth_type":"oauth"})"),
              "auth_type");
    EXPECT_EQ(refused("POST", "/api/mcp/clients",
                      R"({"name":"x","connection_type":"stdio","stdio_config":{"command":"x"},
                          "tools_to_execute":"echo"})"),
              "tools_to_execute");

    ASSERT_EQ(api(g, "POST", "/api/mcp/clients", stdioEntry("twice")).status, 201);
    const auto duplicate = api(g, "POST", "/api/mcp/clients", stdioEntry("twice"));
    EXPECT_EQ(duplicate.status, 409) << duplicate.body.toStdString();
    EXPECT_EQ(refused("PUT", "/api/mcp/client/twice", stdioEntry("renamed")), "name");
    EXPECT_EQ(refused("PUT", "/api/mcp/client/twice", R"({"enabled":"no"})"), "enabled");
    EXPECT_EQ(api(g, "PUT", "/api/mcp/client/nobody", stdioEntry("nobody")).status, 404);
    EXPECT_EQ(api(g, "DELETE", "/api/mcp/client/nobody").status, 404);
}

TEST_P(McpClientsApiTest, AnHttpServerGetsItsHeadersOnEveryRequest) {
    GATEHOUSE_TEST_STORE(store);
    QProcess server;
    server.start("python3", {kServer, "http", "tok-secret-123456789"});
    ASSERT_TRUE(server.waitForReadyRead(10000));
    const QByteArray port = server.readLine().trimmed();
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const QByteArray url = "http://127.0.0.1:" + port + "/mcp";
    const auto made = api(g, "POST", "/api/mcp/clients",
                          R"({"name":"remote","connection_type":"http","connection_string":")" +
                              url + R"(","headers":{"X-Api-Key":"tok-secret-123456789"},
                              "tools_to_execute":["*"]})");
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QJsonObject c = connected(g, "remote");
    EXPECT_EQ(c["config"]["headers"]["X-Api-Key"].toString(), "tok-...6789");
    EXPECT_EQ(callTool(g, "remote-echo", {{"message", "over http"}}), "Echo: over http");

    // auth_type "none" sends no headers: the server refuses.
    ASSERT_EQ(api(g, "POST", "/api/mcp/clients",
                  R"({"name":"anonymous","connection_type":"http","connection_string":")" + url +
                      R"(","headers":{"X-Api-Key":"tok-secret-123456789"},"auth_type":"none"})")
                  .status,
              201);
    QJsonObject anonymous;
    runEventsUntil(
        [&] {
            anonymous = client(g, "anonymous");
            return anonymous["state"].toString() == "error";
        },
        15000);
    EXPECT_TRUE(anonymous["last_error"].toString().contains("HTTP 401"))
        << QJsonDocument(anonymous).toJson().toStdString();
    server.kill();
    server.waitForFinished();
}

GATEHOUSE_ON_EVERY_STORE(McpClientsApiTest);

}  // namespace
