// The guide's hello-world: each hook logs one line and changes nothing.
#include "JsonTestUtil.h"
#include "PluginTestKit.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::test;

TEST(PluginHelloWorldTest, EveryHookLogsItsLineInOrder) {
    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_HELLO_WORLD)};
    ASSERT_TRUE(plugin.isLoaded()) << plugin.errorString().toStdString();
    EXPECT_EQ(plugin->name(), QStringLiteral("hello-world"));
    LogCapture log;
    FakeHost host;
    FakeContext ctx;
    EXPECT_EQ(plugin.init("{}", host), QString());

    PluginHeaders headers{{"content-type", "application/json"}};
    QJsonObject body = json(R"({"model":"mock/echo","messages":[]})");
    const PluginHeaders headersBefore = headers;
    const QJsonObject bodyBefore = body;
    EXPECT_EQ(
        plugin->transportInterceptor(ctx, QStringLiteral("/v1/chat/completions"), headers, body)
            .hookError,
        QString());
    EXPECT_EQ(headers, headersBefore);
    EXPECT_EQ(body, bodyBefore);

    PluginRequest request = chatRequest(QStringLiteral("mock"), QStringLiteral("echo"), "hi");
    const PreHookResult pre = plugin->preHook(ctx, request);
    EXPECT_EQ(pre.action, PreHookResult::Action::Continue);
    EXPECT_FALSE(pre.response || pre.error);

    std::optional<PluginResponse> response = PluginResponse{chatCompletion("hello"), {}};
    std::optional<PluginError> error;
    EXPECT_EQ(plugin->postHook(ctx, response, error).hookError, QString());
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, chatCompletion("hello"));
    EXPECT_FALSE(error);

    plugin->cleanup();
    EXPECT_EQ(log.lines(), (QStringList{"Init called", "TransportInterceptor called",
                                        "PreHook called", "PostHook called", "Cleanup called"}));
}
