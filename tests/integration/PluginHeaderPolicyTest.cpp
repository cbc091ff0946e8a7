// header-policy: headers added, removed and renamed, body fields set,
// defaulted and removed, in the transport interceptor.
#include "JsonTestUtil.h"
#include "PluginTestKit.h"

#include <gtest/gtest.h>
#include <atomic>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

class PluginHeaderPolicyTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(plugin.isLoaded()) << plugin.errorString().toStdString(); }
    void TearDown() override {
        if (plugin.isLoaded()) plugin->cleanup();
    }
    void configure(const char *config) {
        const QString error = plugin.init(config, host);
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    }
    void intercept(PluginHeaders &headers, QJsonObject &body) {
        FakeContext ctx;
        const HookResult r = plugin->transportInterceptor(
            ctx, QStringLiteral("/v1/chat/completions"), headers, body);
        EXPECT_EQ(r.hookError, QString());
    }
    PluginHeaders headersAfter(PluginHeaders headers) {
        QJsonObject body = json(R"({"messages":[]})");
        intercept(headers, body);
        return headers;
    }
    QJsonObject bodyAfter(const char *body) {
        PluginHeaders headers;
        QJsonObject b = json(body);
        intercept(headers, b);
        return b;
    }

    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_HEADER_POLICY)};
    FakeHost host;
};

}  // namespace

TEST_F(PluginHeaderPolicyTest, AddedHeadersReplaceWhatTheClientSent) {
    configure(R"({"add_headers":{"X-Team":"team-a","x-bf-vk":"vk-default"}})");
    EXPECT_EQ(
        headersAfter(
            {{"content-type", "application/json"}, {"x-team", "spoofed"}, {"X-TEAM", "again"}}),
        (PluginHeaders{{"content-type", "application/json"},
                       {"X-Team", "team-a"},
                       {"x-bf-vk", "vk-default"}}));
}

TEST_F(PluginHeaderPolicyTest, RemovedHeadersGoWhateverTheirCase) {
    configure(R"({"remove_headers":["Authorization","x-debug"]})");
    EXPECT_EQ(headersAfter({{"authorization", "Bearer sk-1"},
                            {"Accept", "*/*"},
                            {"X-Debug", "1"},
                            {"x-debug", "2"}}),
              (PluginHeaders{{"Accept", "*/*"}}));
    EXPECT_EQ(headersAfter({{"Accept", "*/*"}}), (PluginHeaders{{"Accept", "*/*"}}));
}

TEST_F(PluginHeaderPolicyTest, RenamedHeadersKeepTheirValueAndReplaceTheNewName) {
    configure(R"({"rename_headers":{"x-api-key":"x-bf-vk"}})");
    EXPECT_EQ(headersAfter({{"X-Api-Key", "vk-team-a"}, {"x-bf-vk", "old"}, {"a", "b"}}),
              (PluginHeaders{{"x-bf-vk", "vk-team-a"}, {"a", "b"}}));
    // Nothing to rename: the header of the new name stays.
    EXPECT_EQ(headersAfter({{"x-bf-vk", "kept"}}), (PluginHeaders{{"x-bf-vk", "kept"}}));
}

TEST_F(PluginHeaderPolicyTest, AddComesAfterRenameSoThePolicyValueWins) {
    configure(R"({"rename_headers":{"x-old":"x-new"},"add_headers":{"x-new":"policy"},
                  "remove_headers":["x-gone"]})");
    EXPECT_EQ(headersAfter({{"x-old", "client"}, {"x-gone", "1"}}),
              (PluginHeaders{{"x-new", "policy"}}));
}

TEST_F(PluginHeaderPolicyTest, BodyFieldsAreSetDefaultedAndRemoved) {
    configure(R"({"set_body_fields":{"user":"team-a","metadata":{"team":"a"}},
                  "remove_body_fields":["temperature","logit_bias"],
                  "default_body_fields":{"max_tokens":256,"top_p":0.9}})");
    EXPECT_EQ(bodyAfter(R"({"messages":[],"user":"me","temperature":1.5,"max_tokens":10})"),
              json(R"({"messages":[],"user":"team-a","metadata":{"team":"a"},
                       "max_tokens":10,"top_p":0.9})"));
    EXPECT_EQ(bodyAfter(R"({"messages":[]})"),
              json(R"({"messages":[],"user":"team-a","metadata":{"team":"a"},
                       "max_tokens":256,"top_p":0.9})"));
}

TEST_F(PluginHeaderPolicyTest, DefaultsApplyWhenTheFieldIsAbsentNotWhenItIsNull) {
    configure(R"({"default_body_fields":{"temperature":0.2}})");
    // An explicit null is the client's choice: it is present.
    EXPECT_EQ(bodyAfter(R"({"messages":[],"temperature":null})"),
              json(R"({"messages":[],"temperature":null})"));
}

TEST_F(PluginHeaderPolicyTest, RequestsWithoutABodyKeepHavingNone) {
    configure(R"({"set_body_fields":{"user":"team-a"},"add_headers":{"x-team":"a"}})");
    PluginHeaders headers;
    QJsonObject body;
    FakeContext ctx;
    plugin->transportInterceptor(ctx, QStringLiteral("/v1/models"), headers, body);
    EXPECT_TRUE(body.isEmpty());
    EXPECT_EQ(headers, (PluginHeaders{{"x-team", "a"}}));
}

TEST_F(PluginHeaderPolicyTest, EmptyPolicyChangesNothing) {
    configure("{}");
    const PluginHeaders headers{{"a", "1"}, {"A", "2"}};
    EXPECT_EQ(headersAfter(headers), headers);
    EXPECT_EQ(bodyAfter(R"({"messages":[],"x":1})"), json(R"({"messages":[],"x":1})"));
}

TEST_F(PluginHeaderPolicyTest, ConcurrentRequestsEachGetTheWholePolicy) {
    configure(R"({"add_headers":{"x-team":"a"},"remove_headers":["x-secret"],
                  "set_body_fields":{"user":"team-a"},"remove_body_fields":["temperature"]})");
    std::atomic<int> wrong{0};
    runOnThreads(8, [&](int t) {
        for (int i = 0; i < 500; ++i) {
            FakeContext ctx;
            PluginHeaders headers{{"x-secret", QByteArray::number(i)}, {"x-n", "v"}};
            QJsonObject body{{"n", t * 1000 + i}, {"temperature", 1}};
            plugin->transportInterceptor(ctx, QStringLiteral("/v1/chat/completions"), headers,
                                         body);
            const PluginHeaders wantHeaders{{"x-n", "v"}, {"x-team", "a"}};
            const QJsonObject wantBody{{"n", t * 1000 + i}, {"user", "team-a"}};
            if (headers != wantHeaders || body != wantBody) ++wrong;
        }
    });
    EXPECT_EQ(wrong.load(), 0);
}

namespace {

class PluginHeaderPolicyBadConfigTest : public ::testing::TestWithParam<BadConfig> {};

}  // namespace

TEST_P(PluginHeaderPolicyBadConfigTest, InitRefusesNamingTheField) {
    EXPECT_TRUE(initRefusesNaming(QStringLiteral(GATEHOUSE_PLUGIN_HEADER_POLICY), GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PluginHeaderPolicyBadConfigTest,
    ::testing::Values(
        BadConfig{R"({"add_header":{"a":"b"}})", "add_header"},
        BadConfig{R"({"add_headers":["x-a"]})", "add_headers"},
        BadConfig{R"({"add_headers":{"x team":"a"}})", "add_headers.x team"},
        BadConfig{R"({"add_headers":{"x-a":"line\r\nInjected: yes"}})", "add_headers.x-a"},
        BadConfig{R"({"add_headers":{"x-a":5}})", "add_headers.x-a"},
        BadConfig{R"({"remove_headers":"x-a"})", "remove_headers"},
        BadConfig{R"({"remove_headers":["x-a",""]})", "remove_headers[1]"},
        BadConfig{R"({"remove_headers":["x:a"]})", "remove_headers[0]"},
        BadConfig{R"({"rename_headers":{"x-a":""}})", "rename_headers.x-a"},
        BadConfig{R"({"rename_headers":{"x-a":true}})", "rename_headers.x-a"},
        BadConfig{R"({"add_headers":{"X-A":"1"},"remove_headers":["x-a"]})", "remove_headers[0]"},
        BadConfig{R"({"add_headers":{"x-a":"1"},"rename_headers":{"X-A":"x-b"}})",
                  "rename_headers.X-A"},
        BadConfig{R"({"set_body_fields":["user"]})", "set_body_fields"},
        BadConfig{R"({"remove_body_fields":[1]})", "remove_body_fields[0]"},
        BadConfig{R"({"default_body_fields":"x"})", "default_body_fields"},
        BadConfig{R"({"set_body_fields":{"user":"a"},"default_body_fields":{"user":"b"}})",
                  "default_body_fields.user"},
        BadConfig{R"({"set_body_fields":{"temperature":0},"remove_body_fields":["temperature"]})",
                  "remove_body_fields.temperature"}));

TEST(PluginHeaderPolicyConflictTest, ContradictionNamesBothSettings) {
    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_HEADER_POLICY)};
    FakeHost host;
    const QString error =
        plugin.init(R"({"set_body_fields":{"user":"a"},"default_body_fields":{"user":"b"}})", host);
    EXPECT_EQ(error, QStringLiteral("default_body_fields.user: \"user\" is also in "
                                    "set_body_fields; name it in only one of them"));
}

TEST_F(PluginHeaderPolicyTest, DocumentedExampleLoads) {
    configure(R"({"add_headers":{"x-team":"team-a"},"remove_headers":["x-debug"],
                  "rename_headers":{"x-api-key":"x-bf-vk"},"set_body_fields":{"user":"team-a"},
                  "remove_body_fields":["temperature"],"default_body_fields":{"max_tokens":1024}})");
    EXPECT_EQ(headersAfter({{"X-Api-Key", "vk-1"}, {"x-debug", "1"}}),
              (PluginHeaders{{"x-bf-vk", "vk-1"}, {"x-team", "team-a"}}));
}
