// A provider's chat completion read straight from its bytes
// (chatAnswerFromBytes) must give exactly the Responses answer and the
// stored conversation that parsing it with QJsonDocument gives; any shape
// it does not read is refused, and the caller parses the bytes as before.
#include <gtest/gtest.h>

#include "codecs/responses/ChatAnswerBytes.h"
#include "codecs/responses/ResponseMemory.h"
#include "codecs/responses/ResponseWriter.h"
#include "codecs/responses/ResponsesShared.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace gatehouse;
using namespace gatehouse::responses;

namespace {

// A context as requestToChat leaves it, with a fixed id so both answers match.
CodecContext context() {
    CodecContext c;
    c.responseId = QStringLiteral("resp_fixed");
    c.conversation = QJsonDocument::fromJson(R"([{"role":"user","content":"hi"}])").array();
    c.echo = QJsonDocument::fromJson(R"({"instructions":"be brief","temperature":0.5})").object();
    return c;
}

// The answer's text with its item ids (a per-process counter) blanked.
std::string withoutItemIds(const QByteArray &json) {
    static const QRegularExpression itemId(QStringLiteral("\"(msg|rs|fc)_[0-9a-f]+\""));
    return QString::fromUtf8(json).replace(itemId, QStringLiteral("\"\\1_\"")).toStdString();
}

const char *const kReadable[] = {
    R"({"id":"c1","object":"chat.completion","created":1733300000,"model":"gpt-x",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})",
    // Escapes of every kind, raw UTF-8, whitespace everywhere.
    "{ \"created\" : 1 , \"model\" : \"m\\/1\" ,\n \"choices\" : [ {\n \"message\" : { \"role\" : "
    "\"assistant\", \"content\" : \"line\\nnext\\t\\\"q\\\" \\\\ \\u00e9 \\ud83d\\ude00 \xc3\xa9 "
    "\\b\\f\\r\" } , \"finish_reason\" : \"length\" } ] }",
    R"({"created":2,"model":"m","choices":[{"message":{"role":"assistant","content":null,
        "refusal":"I can't"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,
        "prompt_tokens_details":{"cached_tokens":1},"completion_tokens":3,
        "completion_tokens_details":{"reasoning_tokens":2},"total_tokens":4}})",
    R"({"created":3,"model":"m","choices":[{"message":{"role":"assistant","content":"a",
        "reasoning_content":"thought","tool_calls":[],"annotations":[]},"finish_reason":"content_filter"}],
        "usage":null,"system_fingerprint":"fp"})",
    // Not strings where strings are read: empty, as QJsonValue::toString() gives.
    R"({"created":4,"model":7,"choices":[{"message":{"content":[{"type":"text","text":"x"}]},
        "finish_reason":null}]})",
    R"({"created":-5,"model":"m","choices":[{"message":{"content":"x","tool_calls":null},
        "finish_reason":"stop"}],"usage":{"prompt_tokens":"1","completion_tokens":null,
        "prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":-2}}})",
    // Escapes the answer is written with as they came (none is \u or \/):
    // id, model and texts copied as the provider wrote them.
    "{\"id\":\"c\\\"8\\\\\",\"created\":5,\"model\":\"m\\t2\",\"choices\":[{\"message\":{\"role\":"
    "\"assistant\",\"content\":\"a\\nb \\\"q\\\" \\\\ \xc3\xa9 "
    "\xf0\x9f\x98\x80\",\"reasoning_content\":"
    "\"think\\r\\nmore\",\"refusal\":\"no\\tway\"},\"finish_reason\":\"stop\"}]}",
    // finish_reason: chat's other value, one of another provider's, one
    // with an escape.
    R"({"created":6,"model":"m","choices":[{"message":{"content":"x"},"finish_reason":"tool_calls"}]})",
    R"({"created":7,"model":"m","choices":[{"message":{"content":"x"},"finish_reason":"end_turn"}]})",
    R"({"created":8,"model":"m","choices":[{"message":{"content":"x"},"finish_reason":"len\u0067th"}]})",
};

const char *const kRefused[] = {
    R"({"created":1,"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":1e2}})",
    R"({"created":1,"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":12345678901}})",
    R"({"created":1,"choices":[{"message":{"content":"a"}},{"message":{"content":"b"}}]})",
    R"({"created":1,"choices":[]})",
    R"({"created":1,"choices":[{"message":{"content":"a","tool_calls":[{"id":"c","type":"function",
        "function":{"name":"f","arguments":"{}"}}]}}]})",
    R"({"created":1,"model":"a","model":"b","choices":[{"message":{"content":"a"}}]})",
    R"({"created":1,"choices":[{"message":{"cont\u0065nt":"a"}}]})",
    R"({"created":1.5e9,"choices":[{"message":{"content":"a"}}]})",
    R"({"created":1,"choices":[{"message":{"content":"\ud83d"}}]})",
    R"({"created":1,"choices":[{"message":"text"}]})",
    R"([1])",
    // Repeated or escaped keys wherever the answer is read.
    R"({"created":1,"mod\u0065l":"m","choices":[{"message":{"content":"a"}}]})",
    R"({"created":1,"choices":[{"fin\u0069sh_reason":"stop","message":{"content":"a"}}]})",
    R"({"created":1,"choices":[{"message":{"content":"a","content":"b"}}]})",
    R"({"created":1,"choices":[{"index":0,"index":1,"message":{"content":"a"}}]})",
    R"({"created":1,"choices":[{"message":{"content":"a"}}],"usage":{"total_tokens":1,"total_tokens":2}})",
    R"({"created":1,"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens_details":
        {"cached_tokens":1,"cached_tokens":2}}})",
    R"({"created":1,"choices":[{"message":{"content":"a"}}],"choices":[{"message":{"content":"b"}}]})",
    R"({"created":1,"choices":[{"message":{"content":"a"}}, 2]})",
    R"({"created":1,"choices":[2]})",
};

TEST(ChatAnswerBytes, WritesTheAnswerTheParsedPathWrites) {
    for (const char *text : kReadable) {
        const QByteArray raw(text);
        ChatAnswer answer;
        QByteArrayView message;
        ASSERT_TRUE(chatAnswerFromBytes(raw, &answer, &message)) << text;
        const QJsonObject parsed = QJsonDocument::fromJson(raw).object();
        EXPECT_EQ(withoutItemIds(writeResponse(answer, context())),
                  withoutItemIds(writeResponse(parsed, context())))
            << text;
        const QJsonObject slowMessage = parsed.value(QLatin1String("choices"))
                                            .toArray()
                                            .at(0)
                                            .toObject()
                                            .value(QLatin1String("message"))
                                            .toObject();
        EXPECT_EQ(QJsonDocument::fromJson(message.toByteArray()).object(), slowMessage) << text;
    }
}

TEST(ChatAnswerBytes, AMissingCreatedIsNow) {
    ChatAnswer answer;
    QByteArrayView message;
    const qint64 before = nowSeconds();
    ASSERT_TRUE(
        chatAnswerFromBytes(R"({"choices":[{"message":{"content":"a"}}]})", &answer, &message));
    EXPECT_GE(answer.created, before);
    EXPECT_LE(answer.created, nowSeconds());
}

TEST(ChatAnswerBytes, RefusesShapesItDoesNotRead) {
    for (const char *text : kRefused) {
        ChatAnswer answer;
        QByteArrayView message;
        EXPECT_FALSE(chatAnswerFromBytes(QByteArray(text), &answer, &message)) << text;
    }
}

TEST(ChatAnswerBytes, StoresTheConversationTheParsedPathStores) {
    for (const char *text : kReadable) {
        const QByteArray raw(text);
        ChatAnswer answer;
        QByteArrayView message;
        ASSERT_TRUE(chatAnswerFromBytes(raw, &answer, &message));
        const QJsonObject slowMessage = QJsonDocument::fromJson(raw)
                                            .object()
                                            .value(QLatin1String("choices"))
                                            .toArray()
                                            .at(0)
                                            .toObject()
                                            .value(QLatin1String("message"))
                                            .toObject();
        ResponseMemory memory;
        remember(memory, context(), QStringLiteral("slow"), slowMessage, "{}");
        rememberJson(memory, context(), QStringLiteral("fast"), message, "{}");
        QJsonArray slow, fast;
        ASSERT_TRUE(memory.conversation(QStringLiteral("slow"), &slow));
        ASSERT_TRUE(memory.conversation(QStringLiteral("fast"), &fast));
        EXPECT_EQ(fast, slow) << text;
        EXPECT_EQ(fast.size(), 2);
    }
    // An empty conversation (no earlier messages) stays a valid array.
    ResponseMemory memory;
    CodecContext empty;
    empty.conversation = QJsonArray();
    rememberJson(memory, empty, QStringLiteral("r"), R"({"role":"assistant","content":"a"})", "{}");
    QJsonArray stored;
    ASSERT_TRUE(memory.conversation(QStringLiteral("r"), &stored));
    EXPECT_EQ(stored.size(), 1);
}

}  // namespace

namespace {

TEST(ChatAnswerBytes, TheTextsCopiedAsWrittenReadAsTheirDecodedText) {
    const QByteArray raw(
        "{\"id\":\"c\\\"8\\\\\",\"model\":\"m\\/2\",\"choices\":[{\"message\":{\"content\":"
        "\"a\\nb \xc3\xa9\",\"reasoning_content\":null,\"refusal\":\"\"}}]}");
    ChatAnswer answer;
    QByteArrayView message;
    ASSERT_TRUE(chatAnswerFromBytes(raw, &answer, &message));
    EXPECT_EQ(answer.id.toString(), QStringLiteral("c\"8\\"));
    EXPECT_EQ(answer.model.toString(), QStringLiteral("m/2"));
    EXPECT_EQ(answer.content.toString(), QString::fromUtf8("a\nb \xc3\xa9"));
    EXPECT_TRUE(answer.reasoning.isEmpty());
    EXPECT_TRUE(answer.refusal.isEmpty());
    EXPECT_FALSE(answer.content.isEmpty());
    QByteArray written;
    answer.content.appendJsonTo(written);
    EXPECT_EQ(written, QByteArray("\"a\\nb \xc3\xa9\""));
}

}  // namespace

TEST(ChatAnswerBytes, ItemIdsWrittenAsBytesAreNewItemIds) {
    QByteArray first, second;
    appendNewItemId(first, "msg_");
    appendNewItemId(second, "msg_");
    static const QRegularExpression shape(QStringLiteral("^\"msg_[0-9a-f]{26}\"$"));
    EXPECT_TRUE(shape.match(QString::fromLatin1(first)).hasMatch()) << first.toStdString();
    EXPECT_NE(first, second);
    EXPECT_EQ(first.size(), newItemId("msg_").size() + 2);  // the id and its quotes
}
