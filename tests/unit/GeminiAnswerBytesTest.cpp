// A provider's chat completion written straight out as a Gemini
// GenerateContentResponse (writeGeminiAnswerFromBytes) must give the very
// bytes the QJsonObject path gives (writeGeminiAnswer of the parsed
// answer); any shape it does not read is refused, and the caller takes
// that path.
#include <gtest/gtest.h>

#include "codecs/gemini/GeminiShared.h"

#include <QJsonDocument>

using namespace gatehouse;

namespace {

const char *const kReadable[] = {
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1733300000,"model":"gpt-x",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})",
    // Escapes of every kind, raw UTF-8, whitespace everywhere; no id, no usage.
    "{ \"created\" : 1 , \"model\" : \"m\\/1\" ,\n \"choices\" : [ {\n \"message\" : { \"role\" : "
    "\"assistant\", \"content\" : \"line\\nnext\\t\\\"q\\\" \\\\ \\u00e9 \\ud83d\\ude00 \xc3\xa9 "
    "\\b\\f\\r\\u0001\" } , \"finish_reason\" : \"length\", \"index\" : 3 } ] }",
    // Reasoning, cached and reasoning tokens, a refusal (Gemini has none).
    R"({"id":"c3","created":2,"model":"m","choices":[{"message":{"role":"assistant","content":"a",
        "reasoning_content":"thought","refusal":"no"},"finish_reason":"content_filter"}],
        "usage":{"prompt_tokens":10,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens":3,
        "completion_tokens_details":{"reasoning_tokens":2},"total_tokens":13}})",
    // Nothing to say: an empty text part; an empty id is still an id.
    R"({"id":"","created":3,"model":"m","choices":[{"message":{"content":null,"tool_calls":[]},
        "finish_reason":"tool_calls"}],"usage":null})",
    // Not what is read where it is read: QJsonValue's conversions.
    R"({"id":7,"created":4,"model":7,"choices":[{"index":"2","message":{"content":[{"type":"text",
        "text":"x"}]},"finish_reason":null}],"usage":{"prompt_tokens":"1","completion_tokens":null,
        "prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":-2}}})",
    // More reasoning than completion tokens (a provider's arithmetic), no total.
    R"({"model":"m","choices":[{"message":{"content":"x"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":1,"completion_tokens":1,"completion_tokens_details":{"reasoning_tokens":3}}})",
    // Escapes the answer is written with as they came (none is \u or \/):
    // id, model and texts copied as the provider wrote them.
    "{\"id\":\"c\\\"8\\\\\",\"created\":5,\"model\":\"m\\t2\",\"choices\":[{\"message\":{\"role\":"
    "\"assistant\",\"content\":\"a\\nb \\\"q\\\" \\\\ \xc3\xa9 "
    "\xf0\x9f\x98\x80\",\"reasoning_content\":"
    "\"think\\r\\nmore\",\"refusal\":\"no\\tway\"},\"finish_reason\":\"stop\"}]}",
};

const char *const kRefused[] = {
    R"({"choices":[{"message":{"content":"a"}},{"message":{"content":"b"}}]})",
    R"({"choices":[{"message":{"content":"a","tool_calls":[{"id":"c","type":"function",
        "function":{"name":"f","arguments":"{}"}}]}}]})",
    R"({"choices":[{"index":1.5,"message":{"content":"a"}}]})",
    R"({"choices":[{"index":0,"index":1,"message":{"content":"a"}}]})",
    R"({"choices":[]})",
};

}  // namespace

TEST(GeminiAnswerBytes, WritesTheAnswerTheParsedPathWrites) {
    for (const char *text : kReadable) {
        const QByteArray raw(text);
        QByteArray fast;
        ASSERT_TRUE(gemini::writeGeminiAnswerFromBytes(raw, &fast)) << text;
        const QByteArray slow = gemini::writeGeminiAnswer(QJsonDocument::fromJson(raw).object());
        EXPECT_EQ(fast.toStdString(), slow.toStdString()) << text;
    }
}

TEST(GeminiAnswerBytes, RefusesShapesItDoesNotRead) {
    for (const char *text : kRefused) {
        QByteArray out;
        EXPECT_FALSE(gemini::writeGeminiAnswerFromBytes(QByteArray(text), &out)) << text;
    }
}
