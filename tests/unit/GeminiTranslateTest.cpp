// The gemini provider's translations: canonical chat requests -> Gemini
// generateContent requests, Gemini answers and SSE events -> chat
// completions and chunks (usage with cached and thought tokens, finish
// reasons, function calls), Google's error bodies, and the dialect's URLs.
#include "JsonTestUtil.h"
#include "codecs/gemini/GeminiShared.h"
#include "providers/GeminiDialect.h"
#include "translate/GeminiTranslate.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;
using namespace gatehouse::gemini;
using gatehouse::test::json;

namespace {

QJsonObject toGemini(const char *chat) {
    QJsonObject out;
    QString error;
    EXPECT_TRUE(chatRequestToGemini(json(chat), &out, &error)) << error.toStdString();
    return out;
}

TEST(GeminiTranslate, SystemUserAndGenerationConfig) {
    const QJsonObject g = toGemini(R"({"messages":[
        {"role":"system","content":"Be brief."},
        {"role":"developer","content":[{"type":"text","text":"Use metric."}]},
        {"role":"user","content":"hi"}],
        "temperature":0.2,"top_p":0.9,"max_completion_tokens":50,"stop":"END","n":2,"seed":7,
        "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},
        "reasoning_effort":"low"})");
    EXPECT_EQ(g["systemInstruction"],
              json(R"({"parts":[{"text":"Be brief."},{"text":"Use metric."}]})"));
    EXPECT_EQ(g["contents"].toArray(),
              test::jsonArray(R"([{"role":"user","parts":[{"text":"hi"}]}])"));
    EXPECT_EQ(g["generationConfig"], json(R"({"temperature":0.2,"topP":0.9,"maxOutputTokens":50,
        "stopSequences":["END"],"candidateCount":2,"seed":7,
        "responseMimeType":"application/json","responseJsonSchema":{"type":"object"},
        "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}})"));
    EXPECT_FALSE(g.contains("tools"));
}

TEST(GeminiTranslate, ReasoningEffortAsBudgetTheCodecReadsBack) {
    for (const char *effort : {"low", "medium", "high"}) {
        const QJsonObject g =
            toGemini(QStringLiteral(
                         R"({"messages":[{"role":"user","content":"x"}],"reasoning_effort":"%1"})")
                         .arg(QLatin1String(effort))
                         .toUtf8()
                         .constData());
        // The Gemini codec reads a request's thinking budget as an effort.
        QJsonObject chat;
        QStringList dropped;
        QString error;
        ASSERT_TRUE(requestToChat(g, QStringLiteral("m"), false, &chat, &dropped, &error));
        EXPECT_EQ(chat["reasoning_effort"], effort);
    }
    const QJsonObject none =
        toGemini(R"({"messages":[{"role":"user","content":"x"}],"reasoning_effort":"none"})");
    EXPECT_EQ(none["generationConfig"]["thinkingConfig"], json(R"({"thinkingBudget":0})"));
}

TEST(GeminiTranslate, ImagesAsInlineDataOrFileData) {
    const QJsonObject g = toGemini(R"({"messages":[{"role":"user","content":[
        {"type":"text","text":"what is this?"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0K"}},
        {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]})");
    EXPECT_EQ(g["contents"][0]["parts"].toArray(), test::jsonArray(R"([
        {"text":"what is this?"},
        {"inlineData":{"mimeType":"image/png","data":"iVBORw0K"}},
        {"fileData":{"fileUri":"https://example.com/cat.jpg","mimeType":"image/jpeg"}}])"));
}

TEST(GeminiTranslate, ToolsToolChoiceCallsAndResults) {
    const QJsonObject g = toGemini(R"({"messages":[
        {"role":"user","content":"weather in Paris and Rome?"},
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
          {"id":"c2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
        {"role":"tool","tool_call_id":"c1","content":"20 C"},
        {"role":"tool","tool_call_id":"c2","content":"{\"temp\":25}"}],
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
        "tool_choice":{"type":"function","function":{"name":"get_weather"}}})");
    EXPECT_EQ(g["tools"].toArray(), test::jsonArray(R"([{"functionDeclarations":[
        {"name":"get_weather","description":"Weather",
         "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}}}}]}])"));
    EXPECT_EQ(g["toolConfig"], json(R"({"functionCallingConfig":{"mode":"ANY",
        "allowedFunctionNames":["get_weather"]}})"));
    const QJsonArray contents = g["contents"].toArray();
    ASSERT_EQ(contents.size(), 3);
    EXPECT_EQ(contents[1], json(R"({"role":"model","parts":[
        {"functionCall":{"name":"get_weather","args":{"city":"Paris"},"id":"c1"}},
        {"functionCall":{"name":"get_weather","args":{"city":"Rome"},"id":"c2"}}]})"));
    // Both results in one user turn; a JSON object result goes as it is.
    EXPECT_EQ(contents[2], json(R"({"role":"user","parts":[
        {"functionResponse":{"name":"get_weather","id":"c1","response":{"output":"20 C"}}},
        {"functionResponse":{"name":"get_weather","id":"c2","response":{"temp":25}}}]})"));
    const QJsonObject none = toGemini(R"({"messages":[{"role":"user","content":"x"}],
        "tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}]})");
    EXPECT_EQ(none["toolConfig"], json(R"({"functionCallingConfig":{"mode":"NONE"}})"));
}

TEST(GeminiTranslate, RefusesWhatGeminiCannotBeAsked) {
    QJsonObject out;
    QString error;
    EXPECT_FALSE(chatRequestToGemini(
        json(R"({"messages":[{"role":"tool","tool_call_id":"nope","content":"x"}]})"), &out,
        &error));
    EXPECT_TRUE(error.startsWith("messages[0].tool_call_id")) << error.toStdString();
    EXPECT_FALSE(chatRequestToGemini(
        json(R"({"messages":[{"role":"user","content":[{"type":"video","video":{}}]}]})"), &out,
        &error));
    EXPECT_TRUE(error.startsWith("messages[0].content[0].type")) << error.toStdString();
    EXPECT_FALSE(chatRequestToGemini(json(R"({"messages":"hi"})"), &out, &error));
}

TEST(GeminiTranslate, AnswerWithThoughtsCallsAndUsage) {
    const QJsonObject chat = geminiResponseToChat(json(R"({
        "candidates":[{"content":{"role":"model","parts":[
            {"text":"Let me see.","thought":true},
            {"text":"Checking."},
            {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
          "finishReason":"STOP","index":0}],
        "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,
          "thoughtsTokenCount":30,"cachedContentTokenCount":60,"totalTokenCount":150},
        "modelVersion":"gemini-2.5-flash","responseId":"resp-1"})"),
                                                  QStringLiteral("requested"));
    EXPECT_EQ(chat["id"], "resp-1");
    EXPECT_EQ(chat["object"], "chat.completion");
    EXPECT_EQ(chat["model"], "gemini-2.5-flash");
    const QJsonObject choice = chat["choices"][0].toObject();
    EXPECT_EQ(choice["finish_reason"], "tool_calls");
    EXPECT_EQ(choice["message"]["content"], "Checking.");
    EXPECT_EQ(choice["message"]["reasoning_content"], "Let me see.");
    const QJsonObject call = choice["message"]["tool_calls"][0].toObject();
    EXPECT_EQ(call["function"]["name"], "get_weather");
    EXPECT_EQ(call["function"]["arguments"], R"({"city":"Paris"})");
    EXPECT_FALSE(call["id"].toString().isEmpty());
    EXPECT_EQ(chat["usage"], json(R"({"prompt_tokens":100,"completion_tokens":50,
        "total_tokens":150,"prompt_tokens_details":{"cached_tokens":60},
        "completion_tokens_details":{"reasoning_tokens":30}})"));
}

TEST(GeminiTranslate, FinishReasonsAndBlockedPrompts) {
    EXPECT_EQ(chatFinishReasonFor("STOP", false), "stop");
    EXPECT_EQ(chatFinishReasonFor("MAX_TOKENS", true), "length");
    EXPECT_EQ(chatFinishReasonFor("SAFETY", false), "content_filter");
    EXPECT_EQ(chatFinishReasonFor("RECITATION", false), "content_filter");
    EXPECT_EQ(chatFinishReasonFor("FINISH_REASON_UNSPECIFIED", false), "stop");
    const QJsonObject blocked =
        geminiResponseToChat(json(R"({"promptFeedback":{"blockReason":"SAFETY"}})"), "m");
    EXPECT_EQ(blocked["choices"][0]["finish_reason"], "content_filter");
    EXPECT_EQ(blocked["model"], "m");
    // The Gemini codec writes the reverse mapping.
    EXPECT_EQ(finishReasonFor(chatFinishReasonFor("MAX_TOKENS", false)), "MAX_TOKENS");
}

TEST(GeminiTranslate, StreamEventsBecomeChunks) {
    GeminiStreamToChat stream(QStringLiteral("gemini-2.5-flash"));
    QList<QJsonObject> chunks = stream.onEvent(json(R"({"candidates":[{"content":{"role":"model",
        "parts":[{"text":"Hmm.","thought":true}]},"index":0}],"responseId":"r1",
        "usageMetadata":{"promptTokenCount":10,"totalTokenCount":10}})"));
    ASSERT_EQ(chunks.size(), 1);
    EXPECT_EQ(chunks[0]["id"], "r1");
    EXPECT_EQ(chunks[0]["object"], "chat.completion.chunk");
    EXPECT_EQ(chunks[0]["choices"][0]["delta"],
              json(R"({"role":"assistant","reasoning_content":"Hmm."})"));
    chunks = stream.onEvent(json(R"({"candidates":[{"content":{"role":"model",
        "parts":[{"text":"Hello"}]},"index":0}],"responseId":"r1"})"));
    ASSERT_EQ(chunks.size(), 1);
    EXPECT_EQ(chunks[0]["choices"][0]["delta"], json(R"({"content":"Hello"})"));
    chunks = stream.onEvent(json(R"({"candidates":[{"content":{"role":"model","parts":[
        {"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{"x":1}}}]},
        "finishReason":"STOP","index":0}],
        "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"thoughtsTokenCount":2,
                         "cachedContentTokenCount":4,"totalTokenCount":17}})"));
    ASSERT_EQ(chunks.size(), 2);
    const QJsonArray calls = chunks[0]["choices"][0]["delta"]["tool_calls"].toArray();
    ASSERT_EQ(calls.size(), 2);
    EXPECT_EQ(calls[0]["index"], 0);
    EXPECT_EQ(calls[1]["index"], 1);
    EXPECT_EQ(calls[1]["function"]["arguments"], R"({"x":1})");
    EXPECT_NE(calls[0]["id"], calls[1]["id"]);
    EXPECT_EQ(chunks[1]["choices"][0]["finish_reason"], "tool_calls");
    EXPECT_EQ(chunks[1]["usage"], json(R"({"prompt_tokens":10,"completion_tokens":7,
        "total_tokens":17,"prompt_tokens_details":{"cached_tokens":4},
        "completion_tokens_details":{"reasoning_tokens":2}})"));
    EXPECT_EQ(stream.usage(), chunks[1]["usage"].toObject());
    EXPECT_FALSE(stream.hasError());
}

TEST(GeminiTranslate, StreamErrorAndErrorBodies) {
    GeminiStreamToChat stream(QStringLiteral("m"));
    EXPECT_TRUE(stream
                    .onEvent(json(R"({"error":{"code":503,"message":"The model is overloaded.",
                                     "status":"UNAVAILABLE"}})"))
                    .isEmpty());
    EXPECT_TRUE(stream.hasError());
    EXPECT_EQ(stream.errorMessage(), "The model is overloaded.");
    EXPECT_EQ(errorMessageFrom(json(R"({"error":{"code":400,"message":"API key not valid.",
        "status":"INVALID_ARGUMENT"}})")),
              "API key not valid.");
    EXPECT_EQ(GeminiDialect().errorMessage(json(R"({"error":{"message":"quota"}})")), "quota");
}

TEST(GeminiTranslate, MethodUrls) {
    EXPECT_EQ(
        geminiMethodUrl("https://generativelanguage.googleapis.com", "gemini-2.5-flash", false)
            .toString(),
        "https://generativelanguage.googleapis.com/v1beta/models/"
        "gemini-2.5-flash:generateContent");
    EXPECT_EQ(geminiMethodUrl("https://generativelanguage.googleapis.com/v1/", "gemini-pro", true)
                  .toString(),
              "https://generativelanguage.googleapis.com/v1/models/"
              "gemini-pro:streamGenerateContent?alt=sse");
    EXPECT_EQ(geminiMethodUrl("http://127.0.0.1:9/v1beta", "tunedModels/mine", false).toString(),
              "http://127.0.0.1:9/v1beta/tunedModels/mine:generateContent");
}

}  // namespace
