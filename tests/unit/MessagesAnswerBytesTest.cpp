// A provider's chat completion written straight out as an Anthropic
// Messages answer (messagesAnswerFromChatBytes) must give the very bytes the
// QJsonObject path gives (chatResponseToMessages, then toCompactJson); any
// shape it does not read is refused, and the caller takes that path.
#include <gtest/gtest.h>

#include "codecs/MessagesAnswerBytes.h"
#include "json/JsonWriter.h"
#include "translate/AnthropicTranslate.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace gatehouse;
using namespace gatehouse::anthropic;

namespace {

// The answer's text with a made-up message id (random) blanked.
std::string withoutMadeUpId(const QByteArray &json) {
    static const QRegularExpression madeUp(QStringLiteral("\"msg_[0-9a-f]{32}\""));
    return QString::fromUtf8(json).replace(madeUp, QStringLiteral("\"msg_\"")).toStdString();
}

const char *const kReadable[] = {
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1733300000,"model":"gpt-x",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})",
    // Escapes of every kind, raw UTF-8, whitespace everywhere; no id: one is made up.
    "{ \"created\" : 1 , \"model\" : \"m\\/1\" ,\n \"choices\" : [ {\n \"message\" : { \"role\" : "
    "\"assistant\", \"content\" : \"line\\nnext\\t\\\"q\\\" \\\\ \\u00e9 \\ud83d\\ude00 \xc3\xa9 "
    "\\b\\f\\r\\u0001\" } , \"finish_reason\" : \"length\" } ] }",
    // A refusal, and cached prompt tokens.
    R"({"id":"c3","created":2,"model":"m","choices":[{"message":{"role":"assistant","content":null,
        "refusal":"I can't"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,
        "prompt_tokens_details":{"cached_tokens":4},"completion_tokens":3,
        "completion_tokens_details":{"reasoning_tokens":2},"total_tokens":13}})",
    // Reasoning from a provider that does not sign it; empty lists of tool calls and blocks.
    R"({"id":"c4","created":3,"model":"m","choices":[{"message":{"role":"assistant","content":"a",
        "reasoning_content":"thought","tool_calls":[],"thinking_blocks":[ ],"annotations":[]},
        "finish_reason":"content_filter"}],"usage":null,"system_fingerprint":"fp"})",
    // Not strings where strings are read: empty, as QJsonValue::toString() gives.
    R"({"id":7,"created":4,"model":7,"choices":[{"message":{"content":5},"finish_reason":null}]})",
    R"({"id":"","created":-5,"model":"m","choices":[{"message":{"content":"x","tool_calls":null,
        "thinking_blocks":"no"},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":"1",
        "completion_tokens":null,"prompt_tokens_details":null}})",
    // More cached than prompt tokens (a provider's arithmetic): input is 0, not negative.
    R"({"id":"c7","created":1,"model":"m","choices":[{"message":{"content":""},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":1,"prompt_tokens_details":{"cached_tokens":3},"completion_tokens":0}})",
    // Escapes the answer is written with as they came (none is \u or \/):
    // id, model and texts copied as the provider wrote them.
    "{\"id\":\"c\\\"8\\\\\",\"created\":5,\"model\":\"m\\t2\",\"choices\":[{\"message\":{\"role\":"
    "\"assistant\",\"content\":\"a\\nb \\\"q\\\" \\\\ \xc3\xa9 "
    "\xf0\x9f\x98\x80\",\"reasoning_content\":"
    "\"think\\r\\nmore\",\"refusal\":\"no\\tway\"},\"finish_reason\":\"stop\"}]}",
};

const char *const kRefused[] = {
    // Chat content parts, joined by the other path.
    R"({"created":1,"choices":[{"message":{"content":[{"type":"text","text":"x"}]}}]})",
    // Claude's signed thinking, handed back as it came.
    R"({"created":1,"choices":[{"message":{"content":"a","thinking_blocks":[{"type":"thinking",
        "thinking":"t","signature":"s"}]}}]})",
    R"({"created":1,"choices":[{"message":{"content":"a","tool_calls":[{"id":"c","type":"function",
        "function":{"name":"f","arguments":"{}"}}]}}]})",
    R"({"created":1,"choices":[{"message":{"content":"a"}},{"message":{"content":"b"}}]})",
    R"({"created":1,"choices":[]})",
    R"({"created":1,"choices":[{"message":{"content":"a","content":"b"}}]})",
    R"({"created":1,"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":1e2}})",
    R"({"created":1,"choices":[{"message":{"content":"\ud83d"}}]})",
    R"([1])",
};

TEST(MessagesAnswerBytes, WritesTheBytesTheObjectPathWrites) {
    for (const char *text : kReadable) {
        const QByteArray raw(text);
        QByteArray fast;
        ASSERT_TRUE(messagesAnswerFromChatBytes(raw, &fast)) << text;
        const QByteArray slow =
            toCompactJson(chatResponseToMessages(QJsonDocument::fromJson(raw).object()));
        EXPECT_EQ(withoutMadeUpId(fast), withoutMadeUpId(slow)) << text;
    }
}

TEST(MessagesAnswerBytes, AnAnswerWithoutAnIdGetsAFreshOne) {
    QByteArray a, b;
    const QByteArray raw(R"({"choices":[{"message":{"content":"x"}}]})");
    ASSERT_TRUE(messagesAnswerFromChatBytes(raw, &a));
    ASSERT_TRUE(messagesAnswerFromChatBytes(raw, &b));
    const QString id = QJsonDocument::fromJson(a).object().value(QLatin1String("id")).toString();
    EXPECT_TRUE(id.startsWith(QLatin1String("msg_"))) << id.toStdString();
    EXPECT_NE(a, b);
}

TEST(MessagesAnswerBytes, RefusesShapesItDoesNotRead) {
    for (const char *text : kRefused) {
        QByteArray out;
        EXPECT_FALSE(messagesAnswerFromChatBytes(QByteArray(text), &out)) << text;
    }
}

}  // namespace
