// An Anthropic Messages request written straight as chat bytes
// (anthropic::requestToChatBytes) must give the chat request a chat
// provider gets by the translation (messagesRequestToChat, then the OpenAI
// dialect's removeCacheMarks) and the same notes, byte for byte when the
// request is written as Qt writes JSON; every shape it does not read is
// refused, and the translation answers it as before.
#include <gtest/gtest.h>

#include "ClientFixtures.h"
#include "codecs/MessagesRequestBytes.h"
#include "providers/CacheMarks.h"
#include "translate/AnthropicTranslate.h"
#include "translate/PassThroughBody.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// What the gateway sends a chat provider for the translation: the chat
// request without "fallbacks" and Anthropic's extensions, with the
// provider's model.
QJsonObject canonicalBody(QJsonObject chat) {
    chat.remove(QStringLiteral("fallbacks"));
    removeCacheMarks(&chat);
    chat[QStringLiteral("model")] = QStringLiteral("provider-model");
    return chat;
}

// Both ways agree on `request`; `bytesAlike`: also on every byte.
void expectSameAsTranslation(const QByteArray &request, bool bytesAlike) {
    SCOPED_TRACE(request.left(2000).toStdString());
    QJsonObject chat;
    QStringList dropped;
    QString error;
    ASSERT_TRUE(anthropic::messagesRequestToChat(QJsonDocument::fromJson(request).object(), &chat,
                                                 &error, &dropped))
        << error.toStdString();

    PassThroughBody fast;
    QStringList fastDropped;
    ASSERT_TRUE(anthropic::requestToChatBytes(request, &fast.bytes, &fast.modelAt, &fastDropped));
    EXPECT_EQ(fastDropped, dropped);
    const QByteArray sent = fast.withModel(QStringLiteral("provider-model"));
    QJsonParseError parse;
    const QJsonObject fastChat = QJsonDocument::fromJson(sent, &parse).object();
    ASSERT_EQ(parse.error, QJsonParseError::NoError) << sent.toStdString();
    const QJsonObject expected = canonicalBody(chat);
    EXPECT_EQ(fastChat, expected) << sent.left(3000).toStdString() << "\n"
                                  << compact(expected).left(3000).toStdString();
    if (bytesAlike) {
        EXPECT_EQ(sent.toStdString(), compact(expected).toStdString());
    }
}

bool refused(const QByteArray &request) {
    QByteArray chat;
    qsizetype modelAt = -1;
    QStringList dropped;
    const bool read = anthropic::requestToChatBytes(request, &chat, &modelAt, &dropped);
    EXPECT_TRUE(read || dropped.isEmpty()) << "notes left behind by a refusal";
    return !read;
}

}  // namespace

TEST(MessagesRequestBytes, ClaudeCodesRecordedTurnsWriteTheTranslatedChatBody) {
    // Claude Code's recorded turns.
    const QList<QJsonObject> recorded = test::recordedBodies(QStringLiteral("/v1/messages"));
    ASSERT_GE(recorded.size(), 6) << "fixtures missing under " << GATEHOUSE_CLIENT_FIXTURES;
    int withToolResults = 0;
    for (const QJsonObject &request : recorded) {
        const QByteArray whole = compact(request);
        ASSERT_FALSE(refused(whole)) << whole.left(2000).toStdString();
        expectSameAsTranslation(whole, true);
        if (whole.contains("\"tool_result\"")) ++withToolResults;
    }
    EXPECT_GE(withToolResults, 1);
}

TEST(MessagesRequestBytes, EveryShapeItReadsWritesTheTranslatedChatBody) {
    const char *const requests[] = {
        R"({"model":"p/m","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})",
        // Escapes of every kind, surrogate pairs among them, and raw UTF-8.
        R"({"model":"p/m","system":"a\ud83d\ude00b\n\"\\\/\u00e9\u0001 é","messages":[
            {"role":"user","content":[{"type":"text","text":"\uD83D\uDE00 \\ud800"}]}]})",
        R"({"model":"p/m","system":"be brief","messages":[{"role":"user","content":""}],
            "stream":false,"temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["a","b"],
            "metadata":{"user_id":"u1"},"thinking":{"type":"enabled","budget_tokens":1024}})",
        R"({"model":"p/m","system":"","stop_sequences":[],"metadata":{"user_id":5},
            "messages":[{"role":"user","content":[]}],"stream":true})",
        // System blocks: joined, or parts when one is marked; other blocks noted.
        R"({"model":"p/m","system":[{"type":"text","text":"a"},{"type":"image","source":{}},
            {"type":"text","text":"b","citations":[]}],"messages":[]})",
        R"({"model":"p/m","system":[{"type":"text","text":"a"},{"type":"text","text":"b",
            "cache_control":{"type":"ephemeral"}}],"messages":[]})",
        R"({"model":"p/m","system":[{"type":"text","text":""}],"messages":[]})",
        R"({"model":"p/m","system":[{"type":"text","text":""},{"type":"text","text":""}],
            "messages":[{"role":"system","content":[{"type":"text","text":"reminder"}]},
            {"role":"system","content":""},{"role":"developer","content":"x"}]})",
        // A user turn: tool results first, then one message of the rest.
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"text","text":"see"},
            {"type":"tool_result","tool_use_id":"t1","content":"out"},
            {"type":"tool_result","tool_use_id":"t2","is_error":true,"content":[{"type":"text",
             "text":"bad"},{"type":"search_result","x":1},{"type":"text","text":"worse"}]},
            {"type":"tool_result","tool_use_id":"t3","is_error":true},
            {"type":"tool_result","tool_use_id":"t4","content":null,"is_error":false,
             "cache_control":{"type":"ephemeral"}},
            {"type":"server_tool_use","id":"s"},
            {"type":"text","text":"more","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]})",
        // ToolSearch's answer (Claude Code's deferred tools): "Tool loaded: <name>".
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"tool_result",
            "tool_use_id":"t1","content":[{"type":"tool_reference","tool_name":"mcp__g__echo"},
            {"type":"tool_reference","tool_name":"caf\u00e9"}]}]}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"tool_result",
            "tool_use_id":"t1","content":[]}]}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"text","text":"one",
            "cache_control":{"type":"ephemeral"}}]}]})",
        // An assistant turn: its text concatenated, its tool calls.
        R"({"model":"p/m","messages":[{"role":"assistant","content":"plain"},
            {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
            {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f",
             "input":{"z":1,"a":[true,null],"m":{"y":"\u00e9","b":2.5}}},
             {"type":"tool_use","id":"t2","name":"g"},{"type":"tool_use","id":"t3","name":"h",
             "input":null},{"type":"web_search_tool_result","x":1}]},
            {"role":"assistant","content":[{"type":"text","text":"then"},
             {"type":"tool_use","id":"t4","name":"f","input":{}}]},
            {"role":"assistant","content":[]},
            {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},
             {"type":"redacted_thinking","data":"d"},{"type":"text","text":"x"}]}]})",
        R"({"model":"p/m","system":[{"type":"text","text":"","cache_control":{"type":"ephemeral"}}],
            "messages":[{"role":"system","content":[{"type":"text","text":"",
            "cache_control":{}}]}]})",
        // Tools: server tools noted, marks kept, descriptions only when strings.
        R"({"model":"p/m","messages":[],"tools":[{"name":"f","description":"d",
            "input_schema":{"type":"object","properties":{"a":{"type":"string"}}}},
            {"type":"web_search_20250305","name":"web_search"},
            {"type":"custom","name":"g","description":null,"input_schema":{},
             "cache_control":{"type":"ephemeral"},"strict":true},
            {"type":null,"name":"h","description":7,"input_schema":{"type":"object"}}],
            "tool_choice":{"type":"any","disable_parallel_tool_use":true}})",
        R"({"model":"p/m","messages":[],"tools":[{"name":"f","input_schema":{}}],
            "tool_choice":{"type":"tool","name":"f"}})",
        R"({"model":"p/m","messages":[],"tools":[{"name":"f","input_schema":{}}],
            "tool_choice":{"type":"none","disable_parallel_tool_use":false}})",
        R"({"model":"p/m","messages":[],"tools":[{"name":"f","input_schema":{}}],
            "tool_choice":{"type":"auto"}})",
        // Only server tools: no tools, so no tool_choice either.
        R"({"model":"p/m","messages":[],"tools":[{"type":"bash_20250124","name":"bash"}],
            "tool_choice":{"type":"auto","disable_parallel_tool_use":true}})",
        // Members without a chat form noted (set ones only), fallbacks left to the caller.
        R"({"model":"p/m","messages":[],"service_tier":"auto","container":null,
            "context_management":{"edits":[]},"fallbacks":["q/n"],"output_config":{}})",
    };
    for (const char *text : requests) {
        const QByteArray asWritten(text);
        ASSERT_FALSE(refused(asWritten)) << text;
        expectSameAsTranslation(asWritten, false);
        // As Qt writes it: the same bytes too.
        expectSameAsTranslation(compact(QJsonDocument::fromJson(asWritten).object()), true);
    }
}

TEST(MessagesRequestBytes, RefusesWhatItDoesNotRead) {
    const char *const requests[] = {
        // Images, documents and thinking blocks: the translation builds them.
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"image",
            "source":{"type":"base64","media_type":"image/png","data":"AA=="}}]}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"document",
            "source":{"type":"text","data":"x"}}]}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"tool_result",
            "tool_use_id":"t","content":[{"type":"image","source":{}}]}]}]})",
        // What the translation refuses, with its error.
        R"({"messages":[]})",
        R"({"model":"","messages":[]})",
        R"({"model":"p/m"})",
        R"({"model":"p/m","messages":{}})",
        R"({"model":"p/m","messages":["hi"]})",
        R"({"model":"p/m","messages":[{"role":"user","content":5}]})",
        R"({"model":"p/m","messages":[{"role":"user"}]})",
        R"({"model":"p/m","messages":[{"role":1,"content":"x"}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":[{"type":"text","text":1}]}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":[{"text":"x"}]}]})",
        R"({"model":"p/m","messages":[{"role":"assistant","content":[{"type":"tool_use",
            "id":"t","name":"f","input":"{}"}]}]})",
        R"({"model":"p/m","messages":[],"max_tokens":0})",
        R"({"model":"p/m","messages":[],"max_tokens":1.5})",
        R"({"model":"p/m","messages":[],"max_tokens":1e3})",
        R"({"model":"p/m","messages":[],"temperature":"hot"})",
        R"({"model":"p/m","messages":[],"stream":"yes"})",
        R"({"model":"p/m","messages":[],"metadata":"m"})",
        R"({"model":"p/m","messages":[],"stop_sequences":[1]})",
        R"({"model":"p/m","messages":[],"system":5})",
        R"({"model":"p/m","messages":[],"tools":{}})",
        R"({"model":"p/m","messages":[],"tools":[{"name":"f"}]})",
        R"({"model":"p/m","messages":[],"tool_choice":{"type":"sometimes"}})",
        R"({"model":"p/m","messages":[],"tool_choice":"auto"})",
        // What Qt's parser might read otherwise.
        R"({"model":"p/m","messages":[],"messages":[]})",
        R"({"model":"p/m","messages":[],"x":1,"x":2})",
        R"({"model":"p/m","m\u0065ssages":[]})",
        R"({"model":"p/m","messages":[{"role":"user","content":"\ud83d"}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":"x\ude00"}]})",
        R"({"model":"p/m","messages":[{"role":"user","content":"\ud83d\u0041"}]})",
        R"({"model":"p/m","system":"\ud83d\ud83d","messages":[]})",
        R"({"model":"p/m","messages":[],"tools":[{"name":"f","input_schema":{"d":"\udc00"}}]})",
    };
    for (const char *text : requests) EXPECT_TRUE(refused(QByteArray(text))) << text;
}
