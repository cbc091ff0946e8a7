// The ollama provider's native dialect: canonical chat requests -> Ollama
// /api/chat bodies (images, tool calls with object arguments, tool results
// by name, format, think, options with num_ctx), its answers and NDJSON
// stream lines -> chat completions and chunks (usage from the eval counts,
// finish reasons, generated tool-call ids), its error bodies, the framing of
// newline-delimited JSON and the /api/chat URL.
#include "JsonTestUtil.h"
#include "providers/ollama/NdjsonFramer.h"
#include "providers/ollama/OllamaDialect.h"
#include "providers/ollama/OllamaTranslate.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;
using namespace gatehouse::ollama;
using gatehouse::test::json;

namespace {

QJsonObject toOllama(const char *chat, int numCtx = 0, bool stream = false,
                     const QString &model = QStringLiteral("qwen3:8b")) {
    QJsonObject out;
    QString error;
    EXPECT_TRUE(chatRequestToOllama(json(chat), model, numCtx, stream, &out, &error))
        << error.toStdString();
    return out;
}

TEST(OllamaTranslate, MessagesOptionsAndNumCtx) {
    const QJsonObject o = toOllama(R"({"messages":[
        {"role":"system","content":"Be brief."},
        {"role":"developer","content":[{"type":"text","text":"Use metric."}]},
        {"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":"there"}]}],
        "temperature":0.2,"top_p":0.9,"max_tokens":50,"stop":"END","seed":7})",
                                   32768, true);
    EXPECT_EQ(o["model"], "qwen3:8b");
    EXPECT_EQ(o["stream"], true);
    EXPECT_EQ(o["messages"].toArray(), test::jsonArray(R"([
        {"role":"system","content":"Be brief."},{"role":"system","content":"Use metric."},
        {"role":"user","content":"hi\nthere"}])"));
    EXPECT_EQ(o["options"], json(R"({"temperature":0.2,"top_p":0.9,"num_predict":50,
        "stop":["END"],"seed":7,"num_ctx":32768})"));
    EXPECT_FALSE(o.contains("tools"));
    EXPECT_FALSE(o.contains("format"));
    EXPECT_FALSE(o.contains("think"));
}

TEST(OllamaTranslate, NoNumCtxWithoutAConfiguredWindow) {
    const QJsonObject o = toOllama(R"({"messages":[{"role":"user","content":"hi"}]})");
    EXPECT_FALSE(o.contains("options")) << QJsonDocument(o).toJson().toStdString();
    EXPECT_EQ(o["stream"], false);
}

TEST(OllamaTranslate, ImagesGoAsBase64OnTheMessage) {
    const QJsonObject o = toOllama(R"({"messages":[{"role":"user","content":[
        {"type":"text","text":"what is this?"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]})");
    EXPECT_EQ(o["messages"][0],
              json(R"({"role":"user","content":"what is this?","images":["iVBORw0KGgo="]})"));

    QJsonObject out;
    QString error;
    EXPECT_FALSE(chatRequestToOllama(json(R"({"messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]})"),
                                     "llava", 0, false, &out, &error));
    EXPECT_TRUE(error.startsWith("messages[0].content[0].image_url.url")) << error.toStdString();
}

TEST(OllamaTranslate, ToolCallsWithObjectArgumentsAndResultsByName) {
    const QJsonObject o = toOllama(R"({"messages":[
        {"role":"user","content":"weather?"},
        {"role":"assistant","content":null,"reasoning_content":"Let me check.","tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather",
             "arguments":"{\"location\":\"Paris\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"22 C"}]}],
        "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}},
                  "cache_control":{"type":"ephemeral"}}]})");
    EXPECT_EQ(o["messages"][1], json(R"({"role":"assistant","content":"",
        "thinking":"Let me check.",
        "tool_calls":[{"function":{"name":"get_weather","arguments":{"location":"Paris"}}}]})"));
    EXPECT_EQ(o["messages"][2],
              json(R"({"role":"tool","content":"22 C","tool_name":"get_weather"})"));
    EXPECT_EQ(o["tools"].toArray(), test::jsonArray(R"([{"type":"function","function":
        {"name":"get_weather","parameters":{"type":"object"}}}])"));
}

TEST(OllamaTranslate, ToolChoiceNoneOffersNoTools) {
    const QJsonObject o = toOllama(R"({"messages":[{"role":"user","content":"hi"}],
        "tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}]})");
    EXPECT_FALSE(o.contains("tools"));
}

TEST(OllamaTranslate, FormatAndThink) {
    EXPECT_EQ(toOllama(R"({"messages":[],"response_format":{"type":"json_object"}})")["format"],
              "json");
    EXPECT_EQ(toOllama(R"({"messages":[],"response_format":{"type":"json_schema",
        "json_schema":{"name":"x","schema":{"type":"object","required":["a"]}}}})")["format"],
              json(R"({"type":"object","required":["a"]})"));
    EXPECT_FALSE(
        toOllama(R"({"messages":[],"response_format":{"type":"text"}})").contains("format"));
    EXPECT_EQ(toOllama(R"({"messages":[],"reasoning_effort":"high"})")["think"], true);
    EXPECT_EQ(toOllama(R"({"messages":[],"reasoning_effort":"none"})")["think"], false);
    EXPECT_EQ(toOllama(R"({"messages":[],"reasoning_effort":"high"})", 0, false,
                       QStringLiteral("gpt-oss:20b"))["think"],
              "high");
    EXPECT_EQ(
        toOllama(R"({"messages":[],"thinking":{"type":"enabled","budget_tokens":2048}})")["think"],
        true);
}

TEST(OllamaTranslate, AnswerWithUsageThinkingAndToolCalls) {
    const QJsonObject chat = ollamaAnswerToChat(json(R"({"model":"qwen3:8b",
        "created_at":"2026-01-02T03:04:05.1Z","message":{"role":"assistant","content":"",
        "thinking":"Hmm.","tool_calls":[{"function":{"name":"get_weather",
        "arguments":{"location":"Paris"}}}]},"done":true,"done_reason":"stop",
        "prompt_eval_count":26,"eval_count":9})"),
                                                "qwen3:8b");
    EXPECT_EQ(chat["object"], "chat.completion");
    EXPECT_EQ(chat["model"], "qwen3:8b");
    const QJsonObject choice = chat["choices"][0].toObject();
    EXPECT_EQ(choice["finish_reason"], "tool_calls");
    EXPECT_TRUE(choice["message"]["content"].isNull());
    EXPECT_EQ(choice["message"]["reasoning_content"], "Hmm.");
    const QJsonObject call = choice["message"]["tool_calls"][0].toObject();
    EXPECT_TRUE(call["id"].toString().startsWith("call_")) << call["id"].toString().toStdString();
    EXPECT_GT(call["id"].toString().size(), 10);
    EXPECT_EQ(call["type"], "function");
    EXPECT_EQ(call["function"]["name"], "get_weather");
    EXPECT_EQ(call["function"]["arguments"], R"({"location":"Paris"})");
    EXPECT_EQ(chat["usage"]["prompt_tokens"], 26);
    EXPECT_EQ(chat["usage"]["completion_tokens"], 9);
    EXPECT_EQ(chat["usage"]["total_tokens"], 35);
}

TEST(OllamaTranslate, TwoCallsGetDistinctIds) {
    const QJsonArray calls =
        chatToolCallsFrom(test::jsonArray(R"([{"function":{"name":"a","arguments":{}}},
                            {"function":{"name":"b","arguments":{}}}])"),
                          -1);
    ASSERT_EQ(calls.size(), 2);
    EXPECT_NE(calls[0]["id"], calls[1]["id"]);
    EXPECT_FALSE(calls[0].toObject().contains("index"));
}

TEST(OllamaTranslate, FinishReasons) {
    EXPECT_EQ(chatFinishReasonFor("stop", false), "stop");
    EXPECT_EQ(chatFinishReasonFor("length", false), "length");
    EXPECT_EQ(chatFinishReasonFor("stop", true), "tool_calls");
    EXPECT_EQ(chatFinishReasonFor("", false), "stop");
    const QJsonObject cut = ollamaAnswerToChat(
        json(R"({"message":{"role":"assistant","content":"ab"},"done":true,"done_reason":"length",
                 "eval_count":2})"),
        "m");
    EXPECT_EQ(cut["choices"][0]["finish_reason"], "length");
    EXPECT_EQ(cut["model"], "m");
    // A prompt served whole from Ollama's cache has no prompt_eval_count.
    EXPECT_EQ(cut["usage"]["prompt_tokens"], 0);
}

TEST(OllamaTranslate, StreamLinesToChunks) {
    OllamaStreamToChat s("qwen3:8b");
    QList<QJsonObject> chunks;
    for (
        const char *line :
        {R"({"model":"qwen3:8b","message":{"role":"assistant","content":"","thinking":"Hm"},"done":false})",
         R"({"model":"qwen3:8b","message":{"role":"assistant","content":"Hel"},"done":false})",
         R"({"model":"qwen3:8b","message":{"role":"assistant","content":"lo"},"done":false})",
         R"({"model":"qwen3:8b","message":{"role":"assistant","content":"","tool_calls":[
              {"function":{"name":"f","arguments":{"x":1}}}]},"done":false})",
         R"({"model":"qwen3:8b","message":{"role":"assistant","content":""},"done":true,
              "done_reason":"stop","prompt_eval_count":12,"eval_count":4})"}) {
        EXPECT_FALSE(s.finished());
        chunks += s.onLine(json(line));
    }
    EXPECT_TRUE(s.finished());
    EXPECT_FALSE(s.hasError());
    ASSERT_EQ(chunks.size(), 5);
    const QList<QJsonObject> &c = chunks;  // const: chained [] reads
    EXPECT_EQ(c[0]["object"], "chat.completion.chunk");
    EXPECT_EQ(c[0]["choices"][0]["delta"],
              json(R"({"role":"assistant","reasoning_content":"Hm"})"));
    EXPECT_EQ(c[1]["choices"][0]["delta"], json(R"({"content":"Hel"})"));
    EXPECT_EQ(c[2]["choices"][0]["delta"], json(R"({"content":"lo"})"));
    const QJsonObject call = c[3]["choices"][0]["delta"]["tool_calls"][0].toObject();
    EXPECT_EQ(call["index"], 0);
    EXPECT_TRUE(call["id"].toString().startsWith("call_"));
    EXPECT_EQ(call["function"]["arguments"], R"({"x":1})");
    EXPECT_EQ(c[4]["choices"][0]["finish_reason"], "tool_calls");
    EXPECT_EQ(c[4]["usage"]["prompt_tokens"], 12);
    EXPECT_EQ(s.usage()["completion_tokens"], 4);
    for (const QJsonObject &chunk : c) EXPECT_EQ(chunk["id"], c[0]["id"]);
    // Nothing after the last line.
    EXPECT_TRUE(s.onLine(json(R"({"message":{"content":"late"}})")).isEmpty());
}

TEST(OllamaTranslate, StreamErrorLine) {
    OllamaStreamToChat s("m");
    s.onLine(json(R"({"message":{"role":"assistant","content":"a"},"done":false})"));
    EXPECT_TRUE(s.onLine(json(R"({"error":"model runner crashed"})")).isEmpty());
    EXPECT_TRUE(s.hasError());
    EXPECT_EQ(s.errorMessage(), "model runner crashed");
}

TEST(OllamaTranslate, ErrorMessages) {
    EXPECT_EQ(errorMessageFrom(json(R"({"error":"model \"x\" not found, try pulling it first"})")),
              "model \"x\" not found, try pulling it first");
    EXPECT_EQ(errorMessageFrom(json(R"({"error":{"message":"proxied"}})")), "proxied");
    EXPECT_EQ(errorMessageFrom(json(R"({"status":"ok"})")), "");
}

TEST(NdjsonFramer, LinesSplitAnywhere) {
    NdjsonFramer f;
    QList<SseEvent> events = f.feed("{\"a\":1}\n{\"b\"");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, "{\"a\":1}");
    events = f.feed(":2}\r\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, "{\"b\":2}");
    EXPECT_TRUE(f.feed("{\"c\":3}").isEmpty());  // not a line yet
    EXPECT_EQ(f.feed("\n").size(), 1);
    EXPECT_TRUE(f.errorMessage().isEmpty());
}

TEST(NdjsonFramer, OverlongLineBreaksTheStream) {
    NdjsonFramer f;
    f.feed(QByteArray(NdjsonFramer::kMaxLineBytes + 1, 'x'));
    EXPECT_FALSE(f.errorMessage().isEmpty());
    EXPECT_TRUE(f.feed("{}\n").isEmpty());
}

TEST(OllamaDialect, ChatUrlDropsAnOpenAIStyleV1) {
    EXPECT_EQ(ollamaChatUrl("http://localhost:11434").toString(),
              "http://localhost:11434/api/chat");
    EXPECT_EQ(ollamaChatUrl("http://localhost:11434/v1/").toString(),
              "http://localhost:11434/api/chat");
    EXPECT_EQ(ollamaChatUrl("https://gpu.lan/ollama").toString(),
              "https://gpu.lan/ollama/api/chat");
}

}  // namespace
