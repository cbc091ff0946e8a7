// Google's Gemini API codec: generateContent requests to the canonical chat
// request, chat completions to GenerateContentResponse objects, chat chunks
// to streamGenerateContent answers (SSE with ?alt=sse, one growing JSON
// array without), and errors in Google's shape.
#include <gtest/gtest.h>

#include "CanonicalChat.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "codecs/ClientCodec.h"

#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::chatChunk;
using gatehouse::test::chatCompletion;
using gatehouse::test::chatUsageChunk;
using gatehouse::test::json;
using gatehouse::test::jsonArray;
using gatehouse::test::jsonValue;

namespace {

const ClientCodec &codec() {
    return clientCodec(WireFormat::Gemini);
}

// What the endpoint says for POST .../models/<model>:generateContent, or
// :streamGenerateContent (with or without ?alt=sse).
ClientCall pathCall(const QString &model = "gemini-2.5-flash", bool streams = false,
                    bool sse = true) {
    ClientCall call;
    call.pathModel = model;
    call.pathStreams = streams;
    call.sse = sse;
    return call;
}

DecodedRequest decode(const QJsonObject &request, const ClientCall &call = pathCall()) {
    DecodedRequest out;
    QString error;
    EXPECT_TRUE(codec().decodeRequest(request, call, &out, &error)) << error.toStdString();
    return out;
}

DecodedRequest decode(const char *request, const ClientCall &call = pathCall()) {
    return decode(json(request), call);
}

// The chat messages of {"contents": <contents>}.
QJsonArray chatMessages(const char *contents) {
    return decode(QJsonObject{{"contents", jsonValue(contents)}}).chat["messages"].toArray();
}

std::string errorFor(const char *request) {
    DecodedRequest out;
    QString error;
    EXPECT_FALSE(codec().decodeRequest(json(request), pathCall(), &out, &error));
    return error.toStdString();
}

std::string droppedOf(const DecodedRequest &d) {
    return d.dropped.join(", ").toStdString();
}

QJsonObject parsed(const QByteArray &body) {
    return QJsonDocument::fromJson(body).object();
}

// The GenerateContentResponse for a chat completion.
QJsonObject answer(const QByteArray &chatCompletion) {
    return parsed(codec().encodeResponse(json(chatCompletion), CodecContext(), ClientCall()));
}

// Runs one encoder made the way the codec makes it for a path, and keeps
// every byte it wrote.
struct StreamRun {
    explicit StreamRun(bool sse = true, const QString &model = "gemini-x")
        : encoder(codec().streamEncoder(
              model, decode(R"({"contents":[]})", pathCall("m", true, sse)).context,
              ClientCall())) {}

    StreamRun &feed(const QJsonObject &c) {
        const QByteArray out = encoder->onChunk(c);
        written << out;
        bytes += out;
        return *this;
    }
    StreamRun &finish() {
        bytes += encoder->finish();
        return *this;
    }

    // The answers of an SSE stream, in order.
    QList<QJsonObject> sseAnswers() const {
        QList<QJsonObject> out;
        for (const SseEvent &e : parseSseEvents(bytes)) out << parsed(e.data);
        return out;
    }
    // The answers of an array stream (empty when the bytes are no JSON array).
    QJsonArray arrayAnswers() const {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError)
            << error.errorString().toStdString() << " in " << bytes.toStdString();
        EXPECT_TRUE(doc.isArray()) << bytes.toStdString();
        return doc.array();
    }
    static QString textOf(const QJsonObject &answer) {
        QString text;
        for (const QJsonValue &p : answer["candidates"][0]["content"]["parts"].toArray())
            if (!p["thought"].toBool()) text += p["text"].toString();
        return text;
    }

    std::unique_ptr<ClientStreamEncoder> encoder;
    QList<QByteArray> written;  // what each onChunk returned
    QByteArray bytes;
};

}  // namespace

// ---------------------------------------------------------------- requests

TEST(GeminiRequest, CodecIsTheGeminiFormat) {
    EXPECT_EQ(codec().format(), WireFormat::Gemini);
    EXPECT_STREQ(codec().defaultProvider(), "gemini");
}

TEST(GeminiRequest, ModelAndStreamComeFromThePath) {
    const DecodedRequest plain = decode(R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})",
                                        pathCall("openai/gpt-x"));
    EXPECT_EQ(plain.chat["model"], "openai/gpt-x");
    EXPECT_FALSE(plain.chat["stream"].toBool());
    EXPECT_EQ(codec().streamContentType(plain.context), "text/event-stream");

    const DecodedRequest sse = decode(R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})",
                                      pathCall("openai/gpt-x", true, true));
    EXPECT_EQ(sse.chat["stream"], true);
    EXPECT_FALSE(sse.context.jsonArrayStream);
    EXPECT_EQ(codec().streamContentType(sse.context), "text/event-stream");

    const DecodedRequest array = decode(R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})",
                                        pathCall("m", true, false));
    EXPECT_EQ(array.chat["stream"], true);
    EXPECT_TRUE(array.context.jsonArrayStream);
    EXPECT_EQ(codec().streamContentType(array.context), "application/json");
}

TEST(GeminiRequest, UserTextBecomesAUserMessage) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"Hello"}]}]})");
    EXPECT_EQ(d.chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"Hello"}])"));
    EXPECT_TRUE(d.dropped.isEmpty()) << droppedOf(d);
}

TEST(GeminiRequest, ContentWithoutRoleIsTheUsers) {
    EXPECT_EQ(chatMessages(R"([{"parts":[{"text":"no role"}]}])"),
              jsonArray(R"([{"role":"user","content":"no role"}])"));
}

TEST(GeminiRequest, ModelTurnBecomesAnAssistantMessage) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","parts":[{"text":"2+2?"}]},
                               {"role":"model","parts":[{"text":"It is "},{"text":"4."}]},
                               {"role":"user","parts":[{"text":"and 3+3?"}]}])"),
              jsonArray(R"([{"role":"user","content":"2+2?"},
                            {"role":"assistant","content":"It is 4."},
                            {"role":"user","content":"and 3+3?"}])"));
}

// Several text parts of a user turn are one user message with all of their
// text, in order (Gemini CLI sends the prompt and the files it refers to as
// separate parts, each bringing its own line breaks).
TEST(GeminiRequest, SeveralUserTextPartsAreOneMessageInOrder) {
    const QJsonArray messages = chatMessages(
        R"([{"role":"user","parts":[{"text":"Summarise @a.txt"},{"text":"\nContent of a.txt:\n"},
                                    {"text":"alpha"}]}])");
    ASSERT_EQ(messages.size(), 1) << ::testing::PrintToString(messages);
    EXPECT_EQ(messages.at(0)["role"], "user");
    const QJsonValue content = messages.at(0)["content"];
    QString text = content.toString();
    for (const QJsonValue &part : content.toArray()) text += part["text"].toString();
    const qsizetype prompt = text.indexOf("Summarise @a.txt");
    const qsizetype header = text.indexOf("Content of a.txt:");
    const qsizetype body = text.indexOf("alpha");
    EXPECT_GE(prompt, 0) << text.toStdString();
    EXPECT_GT(header, prompt) << text.toStdString();
    EXPECT_GT(body, header) << text.toStdString();
}

TEST(GeminiRequest, InlineImageBecomesAnImageUrlDataUrl) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","parts":[{"text":"what is this?"},
                 {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"text","text":"what is this?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}])"));
}

TEST(GeminiRequest, InlineDataOfAnotherTypeBecomesAFilePart) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","parts":[{"text":"summarise"},
                 {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0x"}}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"text","text":"summarise"},
                 {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0x"}}]}])"));
}

TEST(GeminiRequest, FunctionCallBecomesToolCallsWithAGeneratedIdAndItsResponsePairs) {
    const QJsonArray messages = chatMessages(R"([
        {"role":"user","parts":[{"text":"weather in Oslo?"}]},
        {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"get_weather",
                                                     "response":{"output":"sunny"}}}]}])");
    ASSERT_EQ(messages.size(), 3) << ::testing::PrintToString(messages);
    const QJsonObject assistant = messages.at(1).toObject();
    EXPECT_EQ(assistant["role"], "assistant");
    EXPECT_TRUE(assistant["content"].isNull()) << ::testing::PrintToString(assistant);
    const QJsonArray calls = assistant["tool_calls"].toArray();
    ASSERT_EQ(calls.size(), 1);
    const QString id = calls.at(0)["id"].toString();
    EXPECT_FALSE(id.isEmpty());
    EXPECT_EQ(calls.at(0)["type"], "function");
    EXPECT_EQ(calls.at(0)["function"]["name"], "get_weather");
    EXPECT_EQ(json(calls.at(0)["function"]["arguments"].toString().toUtf8()),
              json(R"({"city":"Oslo"})"));
    EXPECT_EQ(messages.at(2), QJsonValue(QJsonObject{
                                  {"role", "tool"}, {"tool_call_id", id}, {"content", "sunny"}}));
}

TEST(GeminiRequest, TextBeforeAFunctionCallStaysInTheAssistantMessage) {
    const QJsonArray messages = chatMessages(R"([{"role":"user","parts":[{"text":"ls"}]},
        {"role":"model","parts":[{"text":"Listing."},{"functionCall":{"name":"ls","args":{}}}]}])");
    ASSERT_EQ(messages.size(), 2);
    EXPECT_EQ(messages.at(1)["content"], "Listing.");
    EXPECT_EQ(messages.at(1)["tool_calls"][0]["function"]["name"], "ls");
    EXPECT_EQ(messages.at(1)["tool_calls"][0]["function"]["arguments"], "{}");
}

TEST(GeminiRequest, FunctionCallIdsAreKeptWhenGiven) {
    const QJsonArray messages = chatMessages(R"([
        {"role":"model","parts":[{"functionCall":{"id":"fc-7","name":"f","args":{"a":1}}}]},
        {"role":"user","parts":[{"functionResponse":{"id":"fc-7","name":"f",
                                                     "response":{"output":"done"}}}]}])");
    ASSERT_EQ(messages.size(), 2);
    EXPECT_EQ(messages.at(0)["tool_calls"][0]["id"], "fc-7");
    EXPECT_EQ(messages.at(1)["tool_call_id"], "fc-7");
}

TEST(GeminiRequest, SeveralCallsOfTheSameNamePairInOrder) {
    const QJsonArray messages = chatMessages(R"([
        {"role":"user","parts":[{"text":"Oslo and Paris?"}]},
        {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}},
                                 {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
        {"role":"user","parts":[
            {"functionResponse":{"name":"get_weather","response":{"output":"cold"}}},
            {"functionResponse":{"name":"get_weather","response":{"output":"mild"}}}]}])");
    ASSERT_EQ(messages.size(), 4) << ::testing::PrintToString(messages);
    const QJsonArray calls = messages.at(1)["tool_calls"].toArray();
    ASSERT_EQ(calls.size(), 2);
    const QString first = calls.at(0)["id"].toString();
    const QString second = calls.at(1)["id"].toString();
    EXPECT_NE(first, second);
    EXPECT_EQ(json(calls.at(1)["function"]["arguments"].toString().toUtf8()),
              json(R"({"city":"Paris"})"));
    EXPECT_EQ(messages.at(2)["tool_call_id"].toString(), first);
    EXPECT_EQ(messages.at(2)["content"], "cold");
    EXPECT_EQ(messages.at(3)["tool_call_id"].toString(), second);
    EXPECT_EQ(messages.at(3)["content"], "mild");
}

TEST(GeminiRequest, ResponsesPairByNameWhateverTheirOrder) {
    const QJsonArray messages = chatMessages(R"([
        {"role":"model","parts":[{"functionCall":{"name":"f","args":{}}},
                                 {"functionCall":{"name":"g","args":{}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"g","response":{"output":"from g"}}},
                                {"functionResponse":{"name":"f","response":{"output":"from f"}}}]}])");
    ASSERT_EQ(messages.size(), 3);
    const QJsonArray calls = messages.at(0)["tool_calls"].toArray();
    EXPECT_EQ(messages.at(1)["tool_call_id"], calls.at(1)["id"]);
    EXPECT_EQ(messages.at(1)["content"], "from g");
    EXPECT_EQ(messages.at(2)["tool_call_id"], calls.at(0)["id"]);
    EXPECT_EQ(messages.at(2)["content"], "from f");
}

TEST(GeminiRequest, FunctionResponseWithoutOutputGoesAsJson) {
    const QJsonArray messages = chatMessages(R"([
        {"role":"model","parts":[{"functionCall":{"name":"f","args":{}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"f",
                                                     "response":{"temp":18,"unit":"C"}}}]}])");
    ASSERT_EQ(messages.size(), 2);
    EXPECT_EQ(json(messages.at(1)["content"].toString().toUtf8()),
              json(R"({"temp":18,"unit":"C"})"));
}

TEST(GeminiRequest, ThoughtPartsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"q"}]},
        {"role":"model","parts":[{"text":"Let me think...","thought":true},{"text":"Answer."}]}]})");
    EXPECT_EQ(d.chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"q"},
                            {"role":"assistant","content":"Answer."}])"));
    EXPECT_TRUE(d.dropped.contains("contents[1].parts[0] (thought)")) << droppedOf(d);
}

TEST(GeminiRequest, UnusablePartsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"see"},
        {"fileData":{"mimeType":"video/mp4","fileUri":"gs://b/v.mp4"}}]},
        {"role":"model","parts":[{"executableCode":{"language":"PYTHON","code":"1"}},
                                 {"text":"ok"}]}]})");
    EXPECT_EQ(d.chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"see"},
                                                          {"role":"assistant","content":"ok"}])"));
    EXPECT_TRUE(d.dropped.contains("contents[0].parts[1] (fileData)")) << droppedOf(d);
    EXPECT_TRUE(d.dropped.contains("contents[1].parts[0] (executableCode)")) << droppedOf(d);
}

TEST(GeminiRequest, SystemInstructionWithPartsBecomesTheFirstSystemMessage) {
    const QJsonArray messages =
        decode(R"({"systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Be kind."}]},
                   "contents":[{"role":"user","parts":[{"text":"hi"}]}]})")
            .chat["messages"]
            .toArray();
    ASSERT_EQ(messages.size(), 2);
    EXPECT_EQ(messages.at(0)["role"], "system");
    const QString system = messages.at(0)["content"].toString();
    EXPECT_TRUE(system.contains("Be brief.")) << system.toStdString();
    EXPECT_TRUE(system.contains("Be kind.")) << system.toStdString();
    EXPECT_NE(system, "Be brief.Be kind.");
    EXPECT_EQ(messages.at(1), jsonValue(R"({"role":"user","content":"hi"})"));
}

TEST(GeminiRequest, SystemInstructionAsAString) {
    EXPECT_EQ(decode(R"({"systemInstruction":"Answer in French.",
                         "contents":[{"role":"user","parts":[{"text":"hi"}]}]})")
                  .chat["messages"]
                  .toArray(),
              jsonArray(R"([{"role":"system","content":"Answer in French."},
                            {"role":"user","content":"hi"}])"));
}

TEST(GeminiRequest, SnakeCaseSpellingsAreAccepted) {
    const DecodedRequest d = decode(R"({
        "system_instruction":{"parts":[{"text":"Be brief."}]},
        "contents":[
          {"role":"user","parts":[{"text":"look"},
                                  {"inline_data":{"mime_type":"image/jpeg","data":"/9j/"}}]},
          {"role":"model","parts":[{"function_call":{"name":"zoom","args":{"x":2}}}]},
          {"role":"user","parts":[{"function_response":{"name":"zoom",
                                                        "response":{"output":"zoomed"}}}]}],
        "tools":[{"function_declarations":[{"name":"zoom",
                    "parameters":{"type":"OBJECT","properties":{"x":{"type":"NUMBER"}}}}]}],
        "tool_config":{"function_calling_config":{"mode":"ANY"}},
        "generation_config":{"max_output_tokens":99,"stop_sequences":["X"],"top_p":0.5,
                             "response_mime_type":"application/json"}})");
    const QJsonArray messages = d.chat["messages"].toArray();
    ASSERT_EQ(messages.size(), 4) << ::testing::PrintToString(messages);
    EXPECT_EQ(messages.at(0), jsonValue(R"({"role":"system","content":"Be brief."})"));
    EXPECT_EQ(
        messages.at(1)["content"][1],
        jsonValue(R"({"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/"}})"));
    EXPECT_EQ(messages.at(2)["tool_calls"][0]["function"]["name"], "zoom");
    EXPECT_EQ(messages.at(3)["tool_call_id"], messages.at(2)["tool_calls"][0]["id"]);
    EXPECT_EQ(messages.at(3)["content"], "zoomed");
    EXPECT_EQ(d.chat["tools"][0]["function"]["parameters"],
              jsonValue(R"({"type":"object","properties":{"x":{"type":"number"}}})"));
    EXPECT_EQ(d.chat["tool_choice"], "required");
    EXPECT_EQ(d.chat["max_tokens"], 99);
    EXPECT_EQ(d.chat["stop"], jsonValue(R"(["X"])"));
    EXPECT_DOUBLE_EQ(d.chat["top_p"].toDouble(), 0.5);
    EXPECT_EQ(d.chat["response_format"], jsonValue(R"({"type":"json_object"})"));
    EXPECT_TRUE(d.dropped.isEmpty()) << droppedOf(d);
}

TEST(GeminiRequest, FunctionDeclarationsBecomeToolsWithJsonSchema) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "tools":[{"functionDeclarations":[
          {"name":"get_weather","description":"Weather now",
           "parameters":{"type":"OBJECT","properties":{
              "city":{"type":"STRING","description":"City","nullable":true},
              "days":{"type":"ARRAY","items":{"type":"INTEGER"}},
              "opts":{"type":"OBJECT","properties":{"unit":{"type":"STRING","enum":["C","F"]}},
                      "propertyOrdering":["unit"]}},
            "required":["city"]}},
          {"name":"noargs"}]}]})");
    EXPECT_EQ(d.chat["tools"].toArray(), jsonArray(R"([
        {"type":"function","function":{"name":"get_weather","description":"Weather now",
          "parameters":{"type":"object","properties":{
              "city":{"type":"string","description":"City"},
              "days":{"type":"array","items":{"type":"integer"}},
              "opts":{"type":"object","properties":{"unit":{"type":"string","enum":["C","F"]}}}},
            "required":["city"]}}},
        {"type":"function","function":{"name":"noargs",
          "parameters":{"type":"object","properties":{}}}}])"));
    EXPECT_FALSE(d.chat.contains("tool_choice"));
}

// JSON Schema already: not run through the Gemini-dialect conversion (which
// would drop "nullable").
TEST(GeminiRequest, ParametersJsonSchemaIsKeptAsItIs) {
    const QJsonObject schema = json(R"({"type":"object","properties":{
        "q":{"type":["string","null"],"minLength":1},"mode":{"type":"string","nullable":true}},
        "additionalProperties":false,"$schema":"http://json-schema.org/draft-07/schema#"})");
    QJsonObject request = json(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}]})");
    request["tools"] = QJsonArray{QJsonObject{
        {"functionDeclarations",
         QJsonArray{QJsonObject{{"name", "search"}, {"parametersJsonSchema", schema}}}}}};
    const DecodedRequest d = decode(request);
    EXPECT_EQ(d.chat["tools"][0]["function"]["name"], "search");
    EXPECT_EQ(d.chat["tools"][0]["function"]["parameters"], QJsonValue(schema));
}

TEST(GeminiRequest, GoogleRunToolsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "tools":[{"googleSearch":{}},{"functionDeclarations":[{"name":"f"}]},
                 {"codeExecution":{}}]})");
    const QJsonArray tools = d.chat["tools"].toArray();
    ASSERT_EQ(tools.size(), 1);
    EXPECT_EQ(tools.at(0)["function"]["name"], "f");
    EXPECT_TRUE(d.dropped.contains("tools[0].googleSearch")) << droppedOf(d);
    EXPECT_TRUE(d.dropped.contains("tools[2].codeExecution")) << droppedOf(d);

    const DecodedRequest only = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "tools":[{"googleSearch":{}}],"toolConfig":{"functionCallingConfig":{"mode":"ANY"}}})");
    EXPECT_FALSE(only.chat.contains("tools"));
    EXPECT_FALSE(only.chat.contains("tool_choice"));
    EXPECT_TRUE(only.dropped.contains("tools[0].googleSearch")) << droppedOf(only);
}

TEST(GeminiRequest, ToolConfigModesBecomeToolChoice) {
    const auto choiceFor = [](const char *config) {
        QJsonObject request = json(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
            "tools":[{"functionDeclarations":[{"name":"f"},{"name":"g"}]}]})");
        request["toolConfig"] = json(config);
        return decode(request).chat.value("tool_choice");
    };
    EXPECT_EQ(choiceFor(R"({"functionCallingConfig":{"mode":"NONE"}})"), "none");
    EXPECT_EQ(choiceFor(R"({"functionCallingConfig":{"mode":"ANY"}})"), "required");
    EXPECT_EQ(choiceFor(R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["g"]}})"),
              jsonValue(R"({"type":"function","function":{"name":"g"}})"));
    EXPECT_EQ(
        choiceFor(R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["f","g"]}})"),
        "required");
    EXPECT_TRUE(choiceFor(R"({"functionCallingConfig":{"mode":"AUTO"}})").isUndefined());
}

TEST(GeminiRequest, GenerationConfigMapsToChat) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "generationConfig":{"temperature":0.25,"topP":0.9,"topK":40,"maxOutputTokens":256,
                            "stopSequences":["END","STOP"],"candidateCount":2,"seed":7,
                            "presencePenalty":0.5,"frequencyPenalty":0.75}})");
    EXPECT_DOUBLE_EQ(d.chat["temperature"].toDouble(), 0.25);
    EXPECT_DOUBLE_EQ(d.chat["top_p"].toDouble(), 0.9);
    EXPECT_EQ(d.chat["top_k"], 40);
    EXPECT_EQ(d.chat["max_tokens"], 256);
    EXPECT_EQ(d.chat["stop"], jsonValue(R"(["END","STOP"])"));
    EXPECT_EQ(d.chat["n"], 2);
    EXPECT_EQ(d.chat["seed"], 7);
    EXPECT_DOUBLE_EQ(d.chat["presence_penalty"].toDouble(), 0.5);
    EXPECT_DOUBLE_EQ(d.chat["frequency_penalty"].toDouble(), 0.75);
    for (const char *gemini :
         {"topP", "topK", "maxOutputTokens", "stopSequences", "candidateCount", "generationConfig"})
        EXPECT_FALSE(d.chat.contains(gemini)) << gemini;
    EXPECT_TRUE(d.dropped.isEmpty()) << droppedOf(d);
}

TEST(GeminiRequest, JsonMimeTypeBecomesJsonObject) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "generationConfig":{"responseMimeType":"application/json"}})");
    EXPECT_EQ(d.chat["response_format"], jsonValue(R"({"type":"json_object"})"));
    const DecodedRequest plain = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "generationConfig":{"responseMimeType":"text/plain"}})");
    EXPECT_FALSE(plain.chat.contains("response_format"));
}

TEST(GeminiRequest, ResponseSchemaBecomesJsonSchemaWithLowercasedTypes) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "generationConfig":{"responseMimeType":"application/json","responseSchema":{
          "type":"OBJECT","properties":{"name":{"type":"STRING"},
            "tags":{"type":"ARRAY","items":{"type":"STRING","nullable":true}}},
          "required":["name"]}}})");
    const QJsonObject format = d.chat["response_format"].toObject();
    EXPECT_EQ(format["type"], "json_schema") << ::testing::PrintToString(format);
    EXPECT_FALSE(format["json_schema"]["name"].toString().isEmpty());
    EXPECT_EQ(format["json_schema"]["schema"],
              jsonValue(R"({"type":"object","properties":{"name":{"type":"string"},
                  "tags":{"type":"array","items":{"type":"string"}}},"required":["name"]})"));
}

TEST(GeminiRequest, ResponseJsonSchemaIsKeptAsItIs) {
    const char *schema =
        R"({"type":"object","properties":{"n":{"type":["integer","null"]},"s":{"type":"string","nullable":true}}})";
    QJsonObject request = json(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}]})");
    request["generationConfig"] =
        QJsonObject{{"responseMimeType", "application/json"}, {"responseJsonSchema", json(schema)}};
    const DecodedRequest d = decode(request);
    EXPECT_EQ(d.chat["response_format"]["type"], "json_schema");
    EXPECT_EQ(d.chat["response_format"]["json_schema"]["schema"], jsonValue(schema));
}

TEST(GeminiRequest, ThinkingBudgetBecomesReasoningEffort) {
    const auto effortFor = [](int budget) {
        QJsonObject request = json(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}]})");
        request["generationConfig"] =
            QJsonObject{{"thinkingConfig", QJsonObject{{"thinkingBudget", budget}}}};
        return decode(request).chat.value("reasoning_effort");
    };
    EXPECT_EQ(effortFor(512), "low");
    EXPECT_EQ(effortFor(1024), "low");
    EXPECT_EQ(effortFor(4096), "medium");
    EXPECT_EQ(effortFor(8192), "medium");
    EXPECT_EQ(effortFor(24576), "high");
    EXPECT_TRUE(effortFor(0).isUndefined());
    EXPECT_EQ(decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
                  "generationConfig":{"thinkingConfig":{"thinkingLevel":"HIGH"}}})")
                  .chat["reasoning_effort"],
              "high");
}

TEST(GeminiRequest, UnknownGenerationConfigKeysAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "generationConfig":{"temperature":1,"responseModalities":["TEXT"],
                            "speechConfig":{"voiceConfig":{}}}})");
    EXPECT_TRUE(d.dropped.contains("generationConfig.responseModalities")) << droppedOf(d);
    EXPECT_TRUE(d.dropped.contains("generationConfig.speechConfig")) << droppedOf(d);
    EXPECT_FALSE(d.chat.contains("responseModalities"));
    EXPECT_FALSE(d.chat.contains("speechConfig"));
    EXPECT_EQ(d.chat["temperature"], 1);
}

TEST(GeminiRequest, UnknownTopLevelFieldsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"model":"models/x",
        "contents":[{"role":"user","parts":[{"text":"x"}]}],
        "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
        "cachedContent":"cachedContents/abc","labels":null})");
    EXPECT_TRUE(d.dropped.contains("safetySettings")) << droppedOf(d);
    EXPECT_TRUE(d.dropped.contains("cachedContent")) << droppedOf(d);
    EXPECT_FALSE(d.dropped.contains("model")) << droppedOf(d);
    EXPECT_FALSE(d.dropped.contains("labels")) << droppedOf(d);
    EXPECT_FALSE(d.chat.contains("safetySettings"));
    EXPECT_EQ(d.chat["model"], "gemini-2.5-flash");  // the path's, not the body's
}

TEST(GeminiRequest, FallbacksPass) {
    const DecodedRequest d = decode(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}],
        "fallbacks":["mock/echo"]})");
    EXPECT_EQ(d.chat["fallbacks"], jsonValue(R"(["mock/echo"])"));
}

TEST(GeminiRequest, MalformedRequestsAreRefusedWithTheirPaths) {
    const std::string missing = errorFor(R"({"generationConfig":{}})");
    EXPECT_EQ(missing.rfind("contents", 0), 0u) << missing;
    const std::string notArray = errorFor(R"({"contents":{"role":"user","parts":[]}})");
    EXPECT_EQ(notArray.rfind("contents", 0), 0u) << notArray;
    const std::string notObject = errorFor(R"({"contents":["hi"]})");
    EXPECT_EQ(notObject.rfind("contents[0]", 0), 0u) << notObject;
    const std::string parts = errorFor(R"({"contents":[{"role":"user","parts":[{"text":"a"}]},
                                                       {"role":"user","parts":{"text":"b"}}]})");
    EXPECT_EQ(parts.rfind("contents[1].parts", 0), 0u) << parts;
    const std::string noParts = errorFor(R"({"contents":[{"role":"user"}]})");
    EXPECT_EQ(noParts.rfind("contents[0].parts", 0), 0u) << noParts;
    const std::string name = errorFor(R"({"contents":[{"role":"user","parts":[{"text":"a"}]},
        {"role":"model","parts":[{"text":"b"},{"functionCall":{"args":{}}}]}]})");
    EXPECT_EQ(name.rfind("contents[1].parts[1].functionCall.name", 0), 0u) << name;
}

// ----------------------------------------------------------------- answers

TEST(GeminiAnswer, TextBecomesACandidate) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"Hi there"})"));
    const QJsonArray candidates = r["candidates"].toArray();
    ASSERT_EQ(candidates.size(), 1) << ::testing::PrintToString(r);
    const QJsonObject candidate = candidates.at(0).toObject();
    EXPECT_EQ(candidate["content"], jsonValue(R"({"role":"model","parts":[{"text":"Hi there"}]})"));
    EXPECT_EQ(candidate["finishReason"], "STOP");
    EXPECT_EQ(candidate["index"], 0);
    EXPECT_EQ(r["modelVersion"], "gpt-x");
    EXPECT_EQ(r["responseId"], "chatcmpl-1");
}

TEST(GeminiAnswer, ReasoningContentIsAThoughtPartFirst) {
    const QJsonObject r = answer(
        chatCompletion(R"({"role":"assistant","content":"42","reasoning_content":"6 times 7"})"));
    EXPECT_EQ(r["candidates"][0]["content"]["parts"],
              jsonValue(R"([{"text":"6 times 7","thought":true},{"text":"42"}])"));
}

TEST(GeminiAnswer, ToolCallsBecomeFunctionCallPartsWithParsedArgs) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},
            {"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]})",
                                                "tool_calls"));
    const QJsonArray parts = r["candidates"][0]["content"]["parts"].toArray();
    ASSERT_EQ(parts.size(), 2) << ::testing::PrintToString(r);  // no empty text part
    EXPECT_EQ(parts.at(0)["functionCall"]["name"], "f");
    EXPECT_EQ(parts.at(0)["functionCall"]["args"], jsonValue(R"({"a":1})"));
    EXPECT_EQ(parts.at(0)["functionCall"]["id"], "call_1");
    EXPECT_EQ(parts.at(1)["functionCall"]["name"], "g");
    EXPECT_EQ(parts.at(1)["functionCall"]["args"], QJsonObject());
    EXPECT_EQ(r["candidates"][0]["finishReason"], "STOP");
}

TEST(GeminiAnswer, TextBeforeToolCallsComesFirst) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"Checking.",
        "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"x\":[1,2]}"}}]})",
                                                "tool_calls"));
    EXPECT_EQ(r["candidates"][0]["content"]["parts"], jsonValue(R"([{"text":"Checking."},
                            {"functionCall":{"id":"c","name":"f","args":{"x":[1,2]}}}])"));
}

TEST(GeminiAnswer, FinishReasonsMap) {
    const std::pair<const char *, const char *> cases[] = {{"stop", "STOP"},
                                                           {"tool_calls", "STOP"},
                                                           {"length", "MAX_TOKENS"},
                                                           {"content_filter", "SAFETY"}};
    for (const auto &[chat, gemini] : cases)
        EXPECT_EQ(answer(chatCompletion(R"({"role":"assistant","content":"x"})",
                                        chat))["candidates"][0]["finishReason"],
                  gemini)
            << chat;
}

TEST(GeminiAnswer, EmptyAnswerStillHasOnePart) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":""})"));
    const QJsonArray parts = r["candidates"][0]["content"]["parts"].toArray();
    ASSERT_EQ(parts.size(), 1);
    EXPECT_EQ(parts.at(0)["text"], "");
}

TEST(GeminiAnswer, UsageMetadataMaps) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"x"})", "stop",
                                                R"({"prompt_tokens":3,"completion_tokens":2,
                                                "total_tokens":5})"));
    EXPECT_EQ(r["usageMetadata"],
              jsonValue(R"({"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5})"));
}

TEST(GeminiAnswer, UsageMetadataWithCachedAndThoughtTokens) {
    const QJsonObject r = answer(
        chatCompletion(R"({"role":"assistant","content":"x","reasoning_content":"hm"})", "stop",
                       R"({"prompt_tokens":100,"completion_tokens":30,"total_tokens":130,
            "prompt_tokens_details":{"cached_tokens":64},
            "completion_tokens_details":{"reasoning_tokens":20}})"));
    const QJsonObject usage = r["usageMetadata"].toObject();
    EXPECT_EQ(usage["promptTokenCount"], 100);
    EXPECT_EQ(usage["cachedContentTokenCount"], 64);
    EXPECT_EQ(usage["thoughtsTokenCount"], 20);
    EXPECT_EQ(usage["totalTokenCount"], 130);
    // Gemini counts thoughts apart from the candidates: total = prompt +
    // candidates + thoughts (gemini-2.5 answers e.g. 8 + 10 + 1002 = 1020),
    // while chat's completion_tokens includes the reasoning tokens.
    EXPECT_EQ(usage["candidatesTokenCount"], 10) << ::testing::PrintToString(usage);
    EXPECT_EQ(usage["promptTokenCount"].toInt() + usage["candidatesTokenCount"].toInt() +
                  usage["thoughtsTokenCount"].toInt(),
              usage["totalTokenCount"].toInt())
        << ::testing::PrintToString(usage);
}

// candidateCount N asks the provider for N choices (chat's "n"): each is a
// candidate of its own, at its index.
TEST(GeminiAnswer, EveryChoiceIsACandidate) {
    const QJsonObject r = answer(R"({"id":"chatcmpl-2","model":"gpt-x","choices":[
        {"index":0,"message":{"role":"assistant","content":"first"},"finish_reason":"stop"},
        {"index":1,"message":{"role":"assistant","content":"second"},"finish_reason":"length"}],
        "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}})");
    const QJsonArray candidates = r["candidates"].toArray();
    ASSERT_EQ(candidates.size(), 2) << ::testing::PrintToString(r);
    EXPECT_EQ(candidates.at(0)["index"], 0);
    EXPECT_EQ(candidates.at(0)["content"]["parts"][0]["text"], "first");
    EXPECT_EQ(candidates.at(0)["finishReason"], "STOP");
    EXPECT_EQ(candidates.at(1)["index"], 1);
    EXPECT_EQ(candidates.at(1)["content"]["parts"][0]["text"], "second");
    EXPECT_EQ(candidates.at(1)["finishReason"], "MAX_TOKENS");
}

TEST(GeminiAnswer, NoUsageNoUsageMetadata) {
    const QJsonObject r = parsed(codec().encodeResponse(
        json(R"({"id":"c","model":"m","choices":[{"index":0,"finish_reason":"stop",
                 "message":{"role":"assistant","content":"x"}}]})"),
        CodecContext(), ClientCall()));
    EXPECT_FALSE(r.contains("usageMetadata"));
    EXPECT_EQ(r["candidates"][0]["content"]["parts"][0]["text"], "x");
}

TEST(GeminiAnswer, ErrorsUseGooglesShapeAndStatusNames) {
    const std::pair<int, const char *> cases[] = {
        {400, "INVALID_ARGUMENT"}, {401, "UNAUTHENTICATED"},    {403, "PERMISSION_DENIED"},
        {404, "NOT_FOUND"},        {429, "RESOURCE_EXHAUSTED"}, {500, "INTERNAL"},
        {502, "INTERNAL"},         {503, "UNAVAILABLE"},        {504, "DEADLINE_EXCEEDED"}};
    for (const auto &[status, name] : cases) {
        GatewayError e = GatewayError::upstream(status, "provider said no");
        const QJsonObject body = parsed(codec().encodeError(e));
        EXPECT_EQ(body.keys(), QStringList{"error"}) << status;
        EXPECT_EQ(body["error"]["code"], status);
        EXPECT_EQ(body["error"]["message"], "provider said no");
        EXPECT_EQ(body["error"]["status"], name) << status;
    }
}

// ------------------------------------------------------------------ stream

TEST(GeminiStream, EachTextDeltaIsOneDataAnswer) {
    StreamRun run;
    run.feed(chatChunk(R"({"role":"assistant","content":""})"))
        .feed(chatChunk(R"({"content":"Hel"})"))
        .feed(chatChunk(R"({"content":"lo"})"))
        .feed(chatChunk(R"({})", "stop"))
        .feed(chatUsageChunk(R"({"prompt_tokens":4,"completion_tokens":2,"total_tokens":6})"))
        .finish();
    EXPECT_TRUE(run.written.at(0).isEmpty()) << "a role-only chunk writes nothing";
    EXPECT_TRUE(run.bytes.startsWith("data: ")) << run.bytes.toStdString();
    EXPECT_FALSE(run.bytes.contains("[DONE]"));
    const QList<SseEvent> events = parseSseEvents(run.bytes);
    ASSERT_EQ(events.size(), 3) << run.bytes.toStdString();
    for (const SseEvent &e : events) EXPECT_TRUE(e.event.isEmpty()) << e.event.toStdString();
    const QList<QJsonObject> answers = run.sseAnswers();
    EXPECT_EQ(answers.at(0)["candidates"][0]["content"],
              jsonValue(R"({"role":"model","parts":[{"text":"Hel"}]})"));
    EXPECT_EQ(answers.at(1)["candidates"][0]["content"]["parts"][0]["text"], "lo");
    QString text;
    for (const QJsonObject &a : answers) {
        EXPECT_EQ(a["modelVersion"], "gemini-x");
        EXPECT_EQ(a["responseId"], "chatcmpl-1");
        text += StreamRun::textOf(a);
    }
    EXPECT_EQ(text, "Hello");
    for (qsizetype i = 0; i + 1 < answers.size(); ++i)
        EXPECT_FALSE(answers.at(i)["candidates"][0].toObject().contains("finishReason")) << i;
    const QJsonObject last = answers.last();
    EXPECT_EQ(last["candidates"][0]["finishReason"], "STOP");
    EXPECT_EQ(last["usageMetadata"],
              jsonValue(R"({"promptTokenCount":4,"candidatesTokenCount":2,"totalTokenCount":6})"));
}

TEST(GeminiStream, ReasoningDeltasAreThoughtParts) {
    StreamRun run;
    run.feed(chatChunk(R"({"reasoning_content":"hmm"})"))
        .feed(chatChunk(R"({"content":"42"})"))
        .feed(chatChunk(R"({})", "stop"))
        .finish();
    const QList<QJsonObject> answers = run.sseAnswers();
    ASSERT_EQ(answers.size(), 3) << run.bytes.toStdString();
    EXPECT_EQ(answers.at(0)["candidates"][0]["content"]["parts"],
              jsonValue(R"([{"text":"hmm","thought":true}])"));
    EXPECT_EQ(answers.at(1)["candidates"][0]["content"]["parts"], jsonValue(R"([{"text":"42"}])"));
}

TEST(GeminiStream, ToolCallFragmentsGoOutWholeInTheLastAnswer) {
    StreamRun run;
    run.feed(chatChunk(R"({"role":"assistant","content":"Checking."})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"id":"call_1","type":"function",
                        "function":{"name":"get_weather","arguments":""}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]})"))
        .feed(
            chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":1,"id":"call_2","type":"function",
                        "function":{"name":"get_time","arguments":"{}"}}]})"))
        .feed(chatChunk(R"({})", "tool_calls"))
        .feed(chatUsageChunk(R"({"prompt_tokens":4,"completion_tokens":9,"total_tokens":13})"));
    for (qsizetype i = 1; i < run.written.size(); ++i)
        EXPECT_TRUE(run.written.at(i).isEmpty()) << i << ": " << run.written.at(i).toStdString();
    run.finish();
    const QList<QJsonObject> answers = run.sseAnswers();
    ASSERT_EQ(answers.size(), 2) << run.bytes.toStdString();
    EXPECT_EQ(StreamRun::textOf(answers.at(0)), "Checking.");
    const QJsonObject last = answers.at(1);
    EXPECT_EQ(last["candidates"][0]["content"]["parts"],
              jsonValue(R"([{"functionCall":{"id":"call_1","name":"get_weather",
                                             "args":{"city":"Oslo"}}},
                            {"functionCall":{"id":"call_2","name":"get_time","args":{}}}])"));
    EXPECT_EQ(last["candidates"][0]["finishReason"], "STOP");
    EXPECT_EQ(last["usageMetadata"]["totalTokenCount"], 13);
}

TEST(GeminiStream, UsageMetadataCountsThoughtsApartFromTheCandidates) {
    StreamRun run;
    run.feed(chatChunk(R"({"reasoning_content":"hmm"})"))
        .feed(chatChunk(R"({"content":"42"})"))
        .feed(chatChunk(R"({})", "stop"))
        .feed(chatUsageChunk(R"({"prompt_tokens":100,"completion_tokens":30,"total_tokens":130,
                             "completion_tokens_details":{"reasoning_tokens":20}})"))
        .finish();
    const QJsonObject usage = run.sseAnswers().constLast()["usageMetadata"].toObject();
    EXPECT_EQ(usage["thoughtsTokenCount"], 20) << ::testing::PrintToString(usage);
    EXPECT_EQ(usage["totalTokenCount"], 130) << ::testing::PrintToString(usage);
    EXPECT_EQ(usage["candidatesTokenCount"], 10) << ::testing::PrintToString(usage);
}

// With candidateCount > 1 the provider streams chunks of several choices,
// each naming its index: another choice's text is not the first candidate's.
TEST(GeminiStream, ChunksOfAnotherChoiceAreAnotherCandidate) {
    StreamRun run;
    QJsonObject second = chatChunk(R"({"content":"B"})");
    second["choices"] = jsonArray(R"([{"index":1,"delta":{"content":"B"},"finish_reason":null}])");
    run.feed(chatChunk(R"({"content":"A"})"))
        .feed(second)
        .feed(chatChunk(R"({})", "stop"))
        .finish();
    QString first;
    QString other;
    for (const QJsonObject &a : run.sseAnswers()) {
        for (const QJsonValue &c : a["candidates"].toArray()) {
            QString text;
            for (const QJsonValue &p : c["content"]["parts"].toArray())
                text += p["text"].toString();
            (c["index"].toInt() == 0 ? first : other) += text;
        }
    }
    EXPECT_EQ(first, QString("A")) << run.bytes.toStdString();
    EXPECT_EQ(other, QString("B")) << run.bytes.toStdString();
}

TEST(GeminiStream, LengthFinishIsMaxTokens) {
    StreamRun run;
    run.feed(chatChunk(R"({"content":"Once upon"})")).feed(chatChunk(R"({})", "length")).finish();
    EXPECT_EQ(run.sseAnswers().constLast()["candidates"][0]["finishReason"], "MAX_TOKENS");
}

TEST(GeminiStream, LastAnswerAlwaysHasAPart) {
    StreamRun run;
    run.finish();
    const QList<QJsonObject> answers = run.sseAnswers();
    ASSERT_EQ(answers.size(), 1) << run.bytes.toStdString();
    EXPECT_EQ(answers.at(0)["candidates"][0]["content"]["parts"], jsonValue(R"([{"text":""}])"));
    EXPECT_EQ(answers.at(0)["candidates"][0]["finishReason"], "STOP");
}

TEST(GeminiStream, WithoutAltSseTheStreamIsOneJsonArray) {
    StreamRun run(false);
    run.feed(chatChunk(R"({"role":"assistant","content":""})"));
    run.feed(chatChunk(R"({"content":"Hel"})"));
    EXPECT_TRUE(run.bytes.startsWith("[")) << run.bytes.toStdString();
    run.feed(chatChunk(R"({"content":"lo"})"))
        .feed(chatChunk(R"({})", "stop"))
        .feed(chatUsageChunk(R"({"prompt_tokens":4,"completion_tokens":2,"total_tokens":6})"))
        .finish();
    EXPECT_FALSE(run.bytes.contains("data:")) << run.bytes.toStdString();
    EXPECT_TRUE(run.bytes.endsWith("]")) << run.bytes.toStdString();
    const QJsonArray answers = run.arrayAnswers();
    ASSERT_EQ(answers.size(), 3) << run.bytes.toStdString();
    QString text;
    for (const QJsonValue &a : answers) text += StreamRun::textOf(a.toObject());
    EXPECT_EQ(text, "Hello");
    EXPECT_EQ(answers.last()["candidates"][0]["finishReason"], "STOP");
    EXPECT_EQ(answers.last()["usageMetadata"]["totalTokenCount"], 6);
}

TEST(GeminiStream, AnEmptyArrayStreamIsStillAnArrayOfOneAnswer) {
    StreamRun run(false);
    run.finish();
    const QJsonArray answers = run.arrayAnswers();
    ASSERT_EQ(answers.size(), 1) << run.bytes.toStdString();
    EXPECT_EQ(answers.at(0)["candidates"][0]["finishReason"], "STOP");
}

TEST(GeminiStream, ErrorEndsTheArrayWithGooglesErrorObject) {
    StreamRun run(false);
    run.feed(chatChunk(R"({"content":"partial"})"));
    run.bytes += run.encoder->error(GatewayError::upstream(429, "slow down"));
    const QJsonArray answers = run.arrayAnswers();
    ASSERT_EQ(answers.size(), 2) << run.bytes.toStdString();
    EXPECT_EQ(StreamRun::textOf(answers.at(0).toObject()), "partial");
    EXPECT_EQ(answers.at(1), jsonValue(R"({"error":{"code":429,"message":"slow down",
                                     "status":"RESOURCE_EXHAUSTED"}})"));
    EXPECT_TRUE(run.encoder->finish().isEmpty());
    EXPECT_TRUE(run.encoder->error(GatewayError::upstream(500, "again")).isEmpty());
    EXPECT_TRUE(run.encoder->onChunk(chatChunk(R"({"content":"late"})")).isEmpty());
}

TEST(GeminiStream, ErrorBeforeAnyAnswerIsAnArrayOfTheError) {
    StreamRun run(false);
    run.bytes += run.encoder->error(GatewayError::upstream(500, "boom"));
    const QJsonArray answers = run.arrayAnswers();
    ASSERT_EQ(answers.size(), 1) << run.bytes.toStdString();
    EXPECT_EQ(answers.at(0)["error"]["status"], "INTERNAL");
    EXPECT_EQ(answers.at(0)["error"]["code"], 500);
}

TEST(GeminiStream, ErrorInAnSseStreamIsTheLastDataEvent) {
    StreamRun run;
    run.feed(chatChunk(R"({"content":"partial"})"));
    run.bytes += run.encoder->error(GatewayError::upstream(503, "overloaded"));
    const QList<QJsonObject> answers = run.sseAnswers();
    ASSERT_EQ(answers.size(), 2) << run.bytes.toStdString();
    EXPECT_EQ(answers.last(),
              json(R"({"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}})"));
    EXPECT_TRUE(run.encoder->finish().isEmpty());
}

TEST(GeminiStream, FinishIsIdempotent) {
    for (bool sse : {true, false}) {
        StreamRun run(sse);
        run.feed(chatChunk(R"({"content":"x"})")).feed(chatChunk(R"({})", "stop")).finish();
        const QByteArray once = run.bytes;
        EXPECT_TRUE(run.encoder->finish().isEmpty()) << sse;
        EXPECT_TRUE(run.encoder->onChunk(chatChunk(R"({"content":"late"})")).isEmpty()) << sse;
        EXPECT_TRUE(run.encoder->error(GatewayError::upstream(500, "late")).isEmpty()) << sse;
        EXPECT_EQ(run.bytes, once);
    }
}

// Gemini CLI's router sends responseJsonSchema with Gemini's capital types.
TEST(GeminiRequest, ResponseJsonSchemaTypesInCapitalsAreLowered) {
    QJsonObject request = json(R"({"contents":[{"role":"user","parts":[{"text":"x"}]}]})");
    request["generationConfig"] = QJsonObject{
        {"responseJsonSchema",
         json(R"({"type":"OBJECT","properties":{"a":{"type":"STRING"},"b":{"type":"INTEGER"}}})")}};
    const DecodedRequest d = decode(request);
    EXPECT_EQ(
        d.chat["response_format"]["json_schema"]["schema"],
        jsonValue(
            R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}})"));
}

// A streamed answer is written straight as bytes: each must be exactly the
// compact JSON of its object (keys sorted), with thoughts, several
// candidates and any text.
TEST(GeminiStream, StreamedAnswersAreTheCompactJsonOfTheirObjects) {
    const QString text =
        QStringLiteral("a\"b\\c\n\t\x01/ é 😀 ") + QChar(0xD800) + QString(40, QLatin1Char('x'));
    QJsonObject chunk = chatChunk("{}");
    chunk["choices"] = QJsonArray{
        QJsonObject{{"index", 0},
                    {"delta", QJsonObject{{"reasoning_content", text}, {"content", text}}}},
        QJsonObject{{"index", 3}, {"delta", QJsonObject{{"content", text}}}},
        QJsonObject{{"index", 1}, {"delta", QJsonObject{{"reasoning_content", text}}}},
        QJsonObject{{"index", 2}, {"delta", QJsonObject{{"content", ""}}}}};
    for (bool sse : {true, false}) {
        StreamRun run(sse);
        run.feed(chunk);
        ASSERT_EQ(run.written.size(), 1);
        QByteArray answer = run.written.at(0);
        answer = sse ? answer.mid(6, answer.size() - 10) : answer.mid(1);  // the framing
        const QJsonObject object = QJsonDocument::fromJson(answer).object();
        EXPECT_EQ(answer.toStdString(),
                  QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
        const QJsonArray candidates = object.value("candidates").toArray();
        ASSERT_EQ(candidates.size(), 3);  // the empty delta has none
        EXPECT_EQ(candidates[0]["content"]["parts"],
                  QJsonValue(QJsonArray{QJsonObject{{"text", text}, {"thought", true}},
                                        QJsonObject{{"text", text}}}));
        EXPECT_EQ(candidates[1]["index"].toInt(), 3);
        EXPECT_EQ(candidates[2]["content"]["parts"][0]["thought"].toBool(), true);
        EXPECT_EQ(object.value("modelVersion").toString(), "gemini-x");
    }
}
