// The requests real clients sent (Claude Code, Codex, Gemini CLI and the
// SDKs, recorded by tests/clients/record into tests/support/fixtures/clients),
// decoded by the codec of their wire format: every one must translate, keep
// its conversation and tools, and pair each tool result with its call.
#include "ClientFixtures.h"
#include "codecs/ClientCodec.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace gatehouse;

namespace {

std::optional<WireFormat> formatOf(const QString &path) {
    if (path.contains("/messages")) return WireFormat::AnthropicMessages;
    if (path.contains("/responses")) return WireFormat::OpenAIResponses;
    if (path.contains(":generateContent") || path.contains(":streamGenerateContent"))
        return WireFormat::Gemini;
    return std::nullopt;
}

bool hasTools(WireFormat format, const QJsonObject &body) {
    for (const QJsonValue &tool : body.value("tools").toArray()) {
        const QJsonObject t = tool.toObject();
        if (format == WireFormat::Gemini && t.contains("functionDeclarations")) return true;
        if (format == WireFormat::AnthropicMessages && t.contains("input_schema")) return true;
        if (format == WireFormat::OpenAIResponses &&
            (t["type"] == "function" || t["type"] == "custom"))
            return true;
    }
    return false;
}

}  // namespace

TEST(ClientFixtures, EveryRecordedRequestTranslates) {
    const QList<test::RecordedRequest> all = test::recordedRequests();
    ASSERT_GE(all.size(), 20) << "fixtures missing under " << GATEHOUSE_CLIENT_FIXTURES;
    int decoded = 0;
    for (const test::RecordedRequest &f : all) {
        const auto format = formatOf(f.path);
        if (!format) continue;
        SCOPED_TRACE(f.file.toStdString());
        ClientCall call;
        call.pathModel = QStringLiteral("mock/echo");
        call.pathStreams = f.path.contains(":streamGenerateContent");
        DecodedRequest out;
        QString error;
        ASSERT_TRUE(clientCodec(*format).decodeRequest(f.body, call, &out, &error))
            << error.toStdString();
        ++decoded;
        const QJsonArray messages = out.chat.value("messages").toArray();
        ASSERT_FALSE(messages.isEmpty());
        bool hasUser = false;
        for (const QJsonValue &m : messages) hasUser |= m["role"] == "user";
        EXPECT_TRUE(hasUser);
        if (hasTools(*format, f.body)) {
            EXPECT_FALSE(out.chat.value("tools").toArray().isEmpty());
        }
        // Every tool result answers a call made earlier in the conversation.
        QSet<QString> calls;
        for (const QJsonValue &m : messages) {
            for (const QJsonValue &c : m["tool_calls"].toArray()) calls.insert(c["id"].toString());
            if (m["role"] == "tool") {
                EXPECT_TRUE(calls.contains(m["tool_call_id"].toString()))
                    << m["tool_call_id"].toString().toStdString();
            }
        }
    }
    EXPECT_GE(decoded, 20);
}

// The second request of a tool round trip carries the tool's result.
TEST(ClientFixtures, ToolRoundTripsCarryTheToolResult) {
    int seen = 0;
    for (const test::RecordedRequest &f : test::recordedRequests()) {
        if (!f.file.startsWith("tool-") || !f.file.contains("-2-")) continue;
        const auto format = formatOf(f.path);
        if (!format) continue;
        SCOPED_TRACE(f.file.toStdString());
        ClientCall call;
        call.pathModel = QStringLiteral("mock/echo");
        DecodedRequest out;
        QString error;
        ASSERT_TRUE(clientCodec(*format).decodeRequest(f.body, call, &out, &error))
            << error.toStdString();
        bool toolMessage = false;
        for (const QJsonValue &m : out.chat.value("messages").toArray())
            toolMessage |= m["role"] == "tool";
        EXPECT_TRUE(toolMessage);
        ++seen;
    }
    EXPECT_GE(seen, 3);  // Claude Code, Codex and Gemini CLI at least
}

// Claude Code 2.x puts a system-role message inside "messages"; it stays.
TEST(ClientFixtures, ClaudeCodeSystemMessagesAreKept) {
    for (const test::RecordedRequest &f : test::recordedRequests()) {
        if (formatOf(f.path) != WireFormat::AnthropicMessages) continue;
        bool inside = false;
        for (const QJsonValue &m : f.body.value("messages").toArray())
            inside |= m["role"] == "system";
        if (!inside) continue;
        SCOPED_TRACE(f.file.toStdString());
        DecodedRequest out;
        QString error;
        ASSERT_TRUE(
            clientCodec(WireFormat::AnthropicMessages).decodeRequest(f.body, {}, &out, &error));
        int systems = 0;
        for (const QJsonValue &m : out.chat.value("messages").toArray())
            systems += m["role"] == "system";
        EXPECT_GE(systems, 2);  // the top-level system and the one in the turns
    }
}
