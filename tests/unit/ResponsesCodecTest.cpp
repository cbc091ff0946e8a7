// OpenAI's Responses API codec: requests to the canonical chat request,
// chat completions to Response objects, and chat chunks to the typed
// Responses stream events.
#include <gtest/gtest.h>

#include "CanonicalChat.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "codecs/ClientCodec.h"
#include "codecs/responses/ResponsesAnswer.h"
#include "codecs/responses/ResponsesStream.h"

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
    return clientCodec(WireFormat::OpenAIResponses);
}

DecodedRequest decode(const QJsonObject &request) {
    DecodedRequest out;
    QString error;
    EXPECT_TRUE(codec().decodeRequest(request, ClientCall{}, &out, &error)) << error.toStdString();
    return out;
}

DecodedRequest decode(const char *request) {
    return decode(json(request));
}

// The chat messages of {"model":"m","input":<input>}.
QJsonArray chatMessages(const char *input) {
    return decode(QJsonObject{{"model", "m"}, {"input", jsonValue(input)}})
        .chat["messages"]
        .toArray();
}

std::string errorFor(const char *request) {
    DecodedRequest out;
    QString error;
    EXPECT_FALSE(codec().decodeRequest(json(request), ClientCall{}, &out, &error));
    return error.toStdString();
}

QJsonObject parsed(const QByteArray &body) {
    return QJsonDocument::fromJson(body).object();
}

// The Response object for a chat completion, with the context of `request`.
QJsonObject answer(const QByteArray &chatCompletion, const char *request = R"({"model":"m"})") {
    return parsed(
        codec().encodeResponse(json(chatCompletion), decode(request).context, ClientCall()));
}

// Runs one encoder and keeps every byte it wrote, parsed into events.
struct StreamRun {
    explicit StreamRun(const char *request = R"({"model":"m"})", const QString &model = "gpt-x")
        : encoder(codec().streamEncoder(model, decode(request).context, ClientCall())) {}

    StreamRun &feed(const QJsonObject &c) {
        bytes += encoder->onChunk(c);
        return *this;
    }
    StreamRun &finish() {
        bytes += encoder->finish();
        return *this;
    }

    QList<SseEvent> events() const { return parseSseEvents(bytes); }
    QList<QByteArray> names() const {
        QList<QByteArray> out;
        for (const SseEvent &e : events()) out << e.event;
        return out;
    }
    QList<QJsonObject> data(const QByteArray &name) const {
        QList<QJsonObject> out;
        for (const SseEvent &e : events())
            if (e.event == name) out << parsed(e.data);
        return out;
    }
    // const: indexing it reads (a temporary QJsonObject would hand out refs).
    const QJsonObject last() const { return parsed(events().last().data); }
    QString joined(const QByteArray &name, const char *field = "delta") const {
        QString text;
        for (const QJsonObject &d : data(name)) text += d.value(QLatin1String(field)).toString();
        return text;
    }

    std::unique_ptr<ClientStreamEncoder> encoder;
    QByteArray bytes;
};

QList<QByteArray> names(std::initializer_list<const char *> list) {
    QList<QByteArray> out;
    for (const char *n : list) out << QByteArray(n);
    return out;
}

// What every Responses stream must satisfy: each event's SSE name is its
// "type", sequence_number counts up from 0 without gaps, it starts with
// created + in_progress, and every output_item.done item is the item at that
// output_index in the final response.
void expectWellFormed(const StreamRun &run) {
    const QList<SseEvent> events = run.events();
    ASSERT_GE(events.size(), 3) << run.bytes.toStdString();
    EXPECT_EQ(events.at(0).event, "response.created");
    EXPECT_EQ(events.at(1).event, "response.in_progress");
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject d = parsed(events.at(i).data);
        EXPECT_EQ(d.value("type").toString().toUtf8(), events.at(i).event) << i;
        EXPECT_EQ(d.value("sequence_number").toInteger(-1), i) << events.at(i).event.toStdString();
    }
    const QByteArray end = events.last().event;
    EXPECT_TRUE(end == "response.completed" || end == "response.incomplete" ||
                end == "response.failed")
        << end.toStdString();
    const QJsonArray output = run.last().value("response").toObject().value("output").toArray();
    const QList<QJsonObject> done = run.data("response.output_item.done");
    EXPECT_EQ(done.size(), output.size());
    for (const QJsonObject &d : done) {
        const int index = d.value("output_index").toInt(-1);
        ASSERT_GE(index, 0);
        ASSERT_LT(index, output.size());
        EXPECT_EQ(d.value("item").toObject(), output.at(index).toObject());
    }
    // Every item added is done, at the same index with the same id.
    const QList<QJsonObject> added = run.data("response.output_item.added");
    ASSERT_EQ(added.size(), done.size());
    for (qsizetype i = 0; i < added.size(); ++i) {
        EXPECT_EQ(added[i].value("output_index"), done[i].value("output_index"));
        EXPECT_EQ(added[i].value("item").toObject().value("id"),
                  done[i].value("item").toObject().value("id"));
    }
}

}  // namespace

// ---------------------------------------------------------------- requests

TEST(ResponsesRequest, CodecIsTheResponsesFormat) {
    EXPECT_EQ(codec().format(), WireFormat::OpenAIResponses);
    EXPECT_STREQ(codec().defaultProvider(), "openai");
}

TEST(ResponsesRequest, InputStringBecomesOneUserMessage) {
    const DecodedRequest d = decode(R"({"model":"gpt-x","input":"Hello"})");
    EXPECT_EQ(d.chat["model"], "gpt-x");
    EXPECT_EQ(d.chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"Hello"}])"));
    EXPECT_TRUE(d.dropped.isEmpty()) << d.dropped.join(", ").toStdString();
}

TEST(ResponsesRequest, InstructionsBecomeTheFirstSystemMessage) {
    const DecodedRequest d = decode(R"({"model":"m","instructions":"Be brief.",
        "input":[{"type":"message","role":"user","content":"hi"}]})");
    EXPECT_EQ(
        d.chat["messages"].toArray(),
        jsonArray(R"([{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}])"));
}

TEST(ResponsesRequest, MessageWithoutTypeIsAMessage) {
    EXPECT_EQ(
        chatMessages(R"([{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}])"),
        jsonArray(R"([{"role":"user","content":"hi"},{"role":"assistant","content":"yo"}])"));
}

TEST(ResponsesRequest, OneInputTextPartBecomesAString) {
    EXPECT_EQ(
        chatMessages(
            R"([{"type":"message","role":"user","content":[{"type":"input_text","text":"hello"}]}])"),
        jsonArray(R"([{"role":"user","content":"hello"}])"));
}

// Two text parts are two pieces of text: run together into one string they
// would read "Describe:the picture".
TEST(ResponsesRequest, SeveralInputTextPartsStaySeparate) {
    const QJsonArray messages = chatMessages(R"([{"type":"message","role":"user","content":[
        {"type":"input_text","text":"Describe:"},{"type":"input_text","text":"the picture"}]}])");
    ASSERT_EQ(messages.size(), 1);
    const QJsonValue content = messages.at(0).toObject().value("content");
    EXPECT_EQ(
        content,
        jsonValue(R"([{"type":"text","text":"Describe:"},{"type":"text","text":"the picture"}])"));
}

TEST(ResponsesRequest, TextAndImagePartsBecomeChatParts) {
    EXPECT_EQ(chatMessages(R"([{"type":"message","role":"user","content":[
                 {"type":"input_text","text":"what is this?"},
                 {"type":"input_image","image_url":"https://x.test/a.png","detail":"low"},
                 {"type":"input_image","image_url":"data:image/png;base64,iVBOR"}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"text","text":"what is this?"},
                 {"type":"image_url","image_url":{"url":"https://x.test/a.png","detail":"low"}},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}}]}])"));
}

TEST(ResponsesRequest, UnusablePartsAreDroppedAndNamedByPath) {
    const DecodedRequest d = decode(R"({"model":"m","input":[{"type":"message","role":"user",
        "content":[{"type":"input_text","text":"hi"},{"type":"input_audio","input_audio":{}},
                   {"type":"input_image","file_id":"file-1"}]}]})");
    EXPECT_EQ(d.chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"hi"}])"));
    EXPECT_TRUE(d.dropped.contains("input[0].content[1] (input_audio)"))
        << d.dropped.join(", ").toStdString();
    EXPECT_TRUE(d.dropped.contains("input[0].content[2] (input_image)"))
        << d.dropped.join(", ").toStdString();
}

TEST(ResponsesRequest, AssistantOutputTextBecomesAssistantMessage) {
    EXPECT_EQ(chatMessages(R"([{"type":"message","role":"user","content":"2+2?"},
                 {"type":"message","role":"assistant","id":"msg_1","status":"completed",
                  "content":[{"type":"output_text","text":"4","annotations":[]}]},
                 {"type":"message","role":"user","content":"and 3+3?"}])"),
              jsonArray(R"([{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"},
                 {"role":"user","content":"and 3+3?"}])"));
}

TEST(ResponsesRequest, DeveloperAndSystemRolesBecomeSystem) {
    EXPECT_EQ(chatMessages(R"([{"type":"message","role":"developer","content":"rule one"},
                 {"type":"message","role":"system","content":[{"type":"input_text","text":"rule two"}]},
                 {"type":"message","role":"user","content":"go"}])"),
              jsonArray(R"([{"role":"system","content":"rule one"},
                 {"role":"system","content":"rule two"},{"role":"user","content":"go"}])"));
}

TEST(ResponsesRequest, FunctionCallAndOutputBecomeToolCallsAndToolMessage) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":"weather?"},
                 {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather",
                  "arguments":"{\"city\":\"Oslo\"}"},
                 {"type":"function_call_output","call_id":"call_1","output":"sunny"}])"),
              jsonArray(R"([{"role":"user","content":"weather?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                  "function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"sunny"}])"));
}

TEST(ResponsesRequest, ConsecutiveFunctionCallsJoinTheAssistantTextBeforeThem) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":"compare"},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking both."}]},
                 {"type":"function_call","call_id":"a","name":"f","arguments":"{}"},
                 {"type":"function_call","call_id":"b","name":"g","arguments":"{\"x\":1}"},
                 {"type":"function_call_output","call_id":"a","output":"1"},
                 {"type":"function_call_output","call_id":"b","output":"2"}])"),
              jsonArray(R"([{"role":"user","content":"compare"},
                 {"role":"assistant","content":"Checking both.","tool_calls":[
                    {"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
                    {"id":"b","type":"function","function":{"name":"g","arguments":"{\"x\":1}"}}]},
                 {"role":"tool","tool_call_id":"a","content":"1"},
                 {"role":"tool","tool_call_id":"b","content":"2"}])"));
}

TEST(ResponsesRequest, SecondRoundOfCallsIsASecondAssistantMessage) {
    EXPECT_EQ(chatMessages(R"([{"type":"function_call","call_id":"a","name":"f","arguments":"{}"},
                 {"type":"function_call_output","call_id":"a","output":"1"},
                 {"type":"function_call","call_id":"b","name":"f","arguments":"{}"},
                 {"type":"function_call_output","call_id":"b","output":"2"}])"),
              jsonArray(R"([
                 {"role":"assistant","content":null,"tool_calls":[
                    {"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"a","content":"1"},
                 {"role":"assistant","content":null,"tool_calls":[
                    {"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"b","content":"2"}])"));
}

TEST(ResponsesRequest, FunctionCallOutputPartsJoinTheirText) {
    EXPECT_EQ(chatMessages(R"([{"type":"function_call","call_id":"a","name":"f","arguments":"{}"},
                 {"type":"function_call_output","call_id":"a",
                  "output":[{"type":"input_text","text":"one "},{"type":"input_text","text":"two"}]}])")
                  .at(1),
              jsonValue(R"({"role":"tool","tool_call_id":"a","content":"one two"})"));
}

TEST(ResponsesRequest, CustomToolBecomesFunctionWithOneStringInput) {
    const DecodedRequest d = decode(R"({"model":"m","input":"patch it",
        "tools":[{"type":"custom","name":"apply_patch","description":"Applies a diff"}]})");
    EXPECT_EQ(d.chat["tools"].toArray(), jsonArray(R"([{"type":"function","function":{
        "name":"apply_patch","description":"Applies a diff",
        "parameters":{"type":"object","properties":{"input":{"type":"string"}},"required":["input"]}}}])"));
}

TEST(ResponsesRequest, CustomToolCallRoundTrip) {
    const char *request = R"({"model":"m",
        "tools":[{"type":"custom","name":"apply_patch"}],
        "input":[{"role":"user","content":"fix it"},
                 {"type":"custom_tool_call","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch\n+x"},
                 {"type":"custom_tool_call_output","call_id":"call_p","output":"Done"}]})";
    const DecodedRequest d = decode(request);
    const QJsonArray messages = d.chat["messages"].toArray();
    ASSERT_EQ(messages.size(), 3);
    const QJsonObject call = messages.at(1)["tool_calls"].toArray().at(0).toObject();
    EXPECT_EQ(call["id"], "call_p");
    EXPECT_EQ(call["function"]["name"], "apply_patch");
    EXPECT_EQ(json(call["function"]["arguments"].toString().toUtf8()),
              json(R"({"input":"*** Begin Patch\n+x"})"));
    EXPECT_EQ(messages.at(2),
              jsonValue(R"({"role":"tool","tool_call_id":"call_p","content":"Done"})"));

    // The model's answer calls the tool the chat way; the client sees a custom_tool_call.
    const QJsonObject response =
        answer(chatCompletion(R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_q",
                    "type":"function","function":{"name":"apply_patch",
                    "arguments":"{\"input\":\"*** Begin Patch\\n-y\"}"}}]})",
                              "tool_calls"),
               request);
    const QJsonArray output = response["output"].toArray();
    ASSERT_EQ(output.size(), 1) << ::testing::PrintToString(response);
    EXPECT_EQ(output.at(0)["type"], "custom_tool_call");
    EXPECT_EQ(output.at(0)["call_id"], "call_q");
    EXPECT_EQ(output.at(0)["name"], "apply_patch");
    EXPECT_EQ(output.at(0)["input"], "*** Begin Patch\n-y");
    EXPECT_FALSE(output.at(0).toObject().contains("arguments"));
}

TEST(ResponsesRequest, ReasoningAndHostedToolItemsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"model":"m","input":[
        {"role":"user","content":"search"},
        {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"xyz"},
        {"type":"web_search_call","id":"ws_1","status":"completed"},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"found"}]}]})");
    EXPECT_EQ(
        d.chat["messages"].toArray(),
        jsonArray(
            R"([{"role":"user","content":"search"},{"role":"assistant","content":"found"}])"));
    EXPECT_TRUE(d.dropped.contains("input[1] (reasoning)")) << d.dropped.join(", ").toStdString();
    EXPECT_TRUE(d.dropped.contains("input[2] (web_search_call)"))
        << d.dropped.join(", ").toStdString();
}

TEST(ResponsesRequest, HostedToolsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"model":"m","input":"x","tools":[
        {"type":"web_search"},{"type":"function","name":"f","parameters":{"type":"object"}}]})");
    const QJsonArray tools = d.chat["tools"].toArray();
    ASSERT_EQ(tools.size(), 1);
    EXPECT_EQ(tools.at(0)["function"]["name"], "f");
    EXPECT_TRUE(d.dropped.contains("tools[0] (web_search)")) << d.dropped.join(", ").toStdString();
}

TEST(ResponsesRequest, OnlyHostedToolsLeaveNoChatTools) {
    const DecodedRequest d = decode(
        R"({"model":"m","input":"x","tools":[{"type":"web_search"}],"tool_choice":"required"})");
    EXPECT_FALSE(d.chat.contains("tools"));
    EXPECT_FALSE(d.chat.contains("tool_choice"));
}

TEST(ResponsesRequest, UnknownTopLevelFieldsAreDroppedAndNamed) {
    const DecodedRequest d = decode(R"({"model":"m","input":"x","frobnicate":1,"truncation":"auto",
        "store":false,"metadata":{"k":"v"},"include":[],"nothing":null})");
    EXPECT_TRUE(d.dropped.contains("frobnicate")) << d.dropped.join(", ").toStdString();
    EXPECT_TRUE(d.dropped.contains("truncation")) << d.dropped.join(", ").toStdString();
    for (const char *known : {"store", "metadata", "include", "nothing", "model", "input"})
        EXPECT_FALSE(d.dropped.contains(known)) << known;
    EXPECT_FALSE(d.chat.contains("frobnicate"));
    EXPECT_FALSE(d.chat.contains("store"));
    EXPECT_FALSE(d.chat.contains("metadata"));
}

TEST(ResponsesRequest, FunctionToolsToolChoiceAndParallelCalls) {
    const DecodedRequest d = decode(R"({"model":"m","input":"x",
        "tools":[{"type":"function","name":"get_weather","description":"Weather now",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true},
                 {"type":"function","name":"noargs"}],
        "tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false})");
    EXPECT_EQ(d.chat["tools"].toArray(), jsonArray(R"([
        {"type":"function","function":{"name":"get_weather","description":"Weather now",
          "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}},
        {"type":"function","function":{"name":"noargs","parameters":{"type":"object","properties":{}}}}])"));
    EXPECT_EQ(d.chat["tool_choice"],
              jsonValue(R"({"type":"function","function":{"name":"get_weather"}})"));
    EXPECT_EQ(d.chat["parallel_tool_calls"], false);
}

TEST(ResponsesRequest, StringToolChoicePasses) {
    for (const char *choice : {"auto", "none", "required"}) {
        const DecodedRequest d =
            decode(QJsonObject{{"model", "m"},
                               {"input", "x"},
                               {"tools", jsonArray(R"([{"type":"function","name":"f"}])")},
                               {"tool_choice", choice}});
        EXPECT_EQ(d.chat["tool_choice"], choice);
    }
}

TEST(ResponsesRequest, SamplingAndLimitsMapToChat) {
    const DecodedRequest d = decode(R"({"model":"m","input":"x","max_output_tokens":321,
        "temperature":0.5,"top_p":0.9,"user":"u-1","reasoning":{"effort":"high","summary":"auto"}})");
    EXPECT_EQ(d.chat["max_tokens"], 321);
    EXPECT_FALSE(d.chat.contains("max_output_tokens"));
    EXPECT_DOUBLE_EQ(d.chat["temperature"].toDouble(), 0.5);
    EXPECT_DOUBLE_EQ(d.chat["top_p"].toDouble(), 0.9);
    EXPECT_EQ(d.chat["user"], "u-1");
    EXPECT_EQ(d.chat["reasoning_effort"], "high");
    EXPECT_FALSE(d.chat.contains("reasoning"));
}

TEST(ResponsesRequest, JsonSchemaFormatBecomesResponseFormat) {
    const DecodedRequest d = decode(R"({"model":"m","input":"x","text":{"format":{
        "type":"json_schema","name":"person","strict":true,
        "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}})");
    EXPECT_EQ(d.chat["response_format"], jsonValue(R"({"type":"json_schema","json_schema":{
        "name":"person","strict":true,
        "schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}})"));
}

TEST(ResponsesRequest, JsonObjectFormatAndPlainTextFormat) {
    EXPECT_EQ(decode(R"({"model":"m","input":"x","text":{"format":{"type":"json_object"}}})")
                  .chat["response_format"],
              jsonValue(R"({"type":"json_object"})"));
    EXPECT_FALSE(decode(R"({"model":"m","input":"x","text":{"format":{"type":"text"}}})")
                     .chat.contains("response_format"));
}

TEST(ResponsesRequest, StreamAndFallbacksPass) {
    const DecodedRequest d =
        decode(R"({"model":"a/m","input":"x","stream":true,"fallbacks":["b/m"]})");
    EXPECT_EQ(d.chat["stream"], true);
    EXPECT_EQ(d.chat["fallbacks"].toArray(), jsonArray(R"(["b/m"])"));
}

TEST(ResponsesRequest, MalformedInputIsRefusedWithItsPath) {
    EXPECT_EQ(errorFor(R"({"model":"m","input":5})").rfind("input:", 0), 0u)
        << errorFor(R"({"model":"m","input":5})");
    EXPECT_EQ(errorFor(R"({"model":"m","input":{"role":"user"}})").rfind("input:", 0), 0u);
    EXPECT_EQ(errorFor(R"({"model":"m","input":["hi"]})").rfind("input[0]", 0), 0u)
        << errorFor(R"({"model":"m","input":["hi"]})");
}

TEST(ResponsesRequest, FunctionCallWithoutCallIdIsRefusedWithItsPath) {
    const std::string error = errorFor(R"({"model":"m","input":[{"role":"user","content":"x"},
        {"type":"function_call","name":"f","arguments":"{}"}]})");
    EXPECT_EQ(error.rfind("input[1]", 0), 0u) << error;
    EXPECT_NE(error.find("call_id"), std::string::npos) << error;
}

TEST(ResponsesRequest, OtherMalformedFieldsAreRefusedWithTheirPaths) {
    const std::string output =
        errorFor(R"({"model":"m","input":[{"type":"function_call_output","output":"x"}]})");
    EXPECT_EQ(output.rfind("input[0]", 0), 0u) << output;
    const std::string role =
        errorFor(R"({"model":"m","input":[{"type":"message","role":"robot","content":"x"}]})");
    EXPECT_EQ(role.rfind("input[0].role", 0), 0u) << role;
    const std::string instructions = errorFor(R"({"model":"m","input":"x","instructions":7})");
    EXPECT_EQ(instructions.rfind("instructions", 0), 0u) << instructions;
    const std::string tools = errorFor(R"({"model":"m","input":"x","tools":{"type":"function"}})");
    EXPECT_EQ(tools.rfind("tools", 0), 0u) << tools;
    const std::string toolName =
        errorFor(R"({"model":"m","input":"x","tools":[{"type":"function"}]})");
    EXPECT_EQ(toolName.rfind("tools[0].name", 0), 0u) << toolName;
    const std::string stream = errorFor(R"({"model":"m","input":"x","stream":"yes"})");
    EXPECT_EQ(stream.rfind("stream", 0), 0u) << stream;
}

// ----------------------------------------------------------------- answers

TEST(ResponsesAnswer, TextBecomesACompletedMessageItem) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"Hi there"})"));
    EXPECT_EQ(r["object"], "response");
    EXPECT_TRUE(r["id"].toString().startsWith("resp_")) << r["id"].toString().toStdString();
    EXPECT_EQ(r["status"], "completed");
    EXPECT_EQ(r["model"], "gpt-x");
    EXPECT_EQ(r["created_at"].toInteger(), 1700000000);
    EXPECT_TRUE(r["error"].isNull());
    EXPECT_TRUE(r["incomplete_details"].isNull());
    const QJsonArray output = r["output"].toArray();
    ASSERT_EQ(output.size(), 1);
    const QJsonObject item = output.at(0).toObject();
    EXPECT_EQ(item["type"], "message");
    EXPECT_EQ(item["role"], "assistant");
    EXPECT_EQ(item["status"], "completed");
    EXPECT_TRUE(item["id"].toString().startsWith("msg_"));
    const QJsonArray content = item["content"].toArray();
    ASSERT_EQ(content.size(), 1);
    EXPECT_EQ(content.at(0)["type"], "output_text");
    EXPECT_EQ(content.at(0)["text"], "Hi there");
    EXPECT_EQ(content.at(0)["annotations"], QJsonArray());
}

TEST(ResponsesAnswer, RefusalBecomesARefusalPart) {
    const QJsonObject r =
        answer(chatCompletion(R"({"role":"assistant","content":null,"refusal":"I can't help."})"));
    const QJsonArray content = r["output"][0]["content"].toArray();
    ASSERT_EQ(content.size(), 1) << ::testing::PrintToString(r);
    EXPECT_EQ(content.at(0), jsonValue(R"({"type":"refusal","refusal":"I can't help."})"));
}

TEST(ResponsesAnswer, ToolCallsBecomeFunctionCallItems) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},
            {"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]})",
                                                "tool_calls"));
    EXPECT_EQ(r["status"], "completed");
    const QJsonArray output = r["output"].toArray();
    ASSERT_EQ(output.size(), 2) << ::testing::PrintToString(r);  // no empty message item
    for (const QJsonValue &item : output) {
        EXPECT_EQ(item["type"], "function_call");
        EXPECT_EQ(item["status"], "completed");
        EXPECT_TRUE(item["id"].toString().startsWith("fc_"));
    }
    EXPECT_EQ(output.at(0)["call_id"], "call_1");
    EXPECT_EQ(output.at(0)["name"], "f");
    EXPECT_EQ(output.at(0)["arguments"], "{\"a\":1}");
    EXPECT_EQ(output.at(1)["call_id"], "call_2");
    EXPECT_EQ(output.at(1)["name"], "g");
    EXPECT_NE(output.at(0)["id"], output.at(1)["id"]);
}

TEST(ResponsesAnswer, TextBeforeToolCallsIsTheFirstItem) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"Let me check.",
            "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]})",
                                                "tool_calls"));
    const QJsonArray output = r["output"].toArray();
    ASSERT_EQ(output.size(), 2);
    EXPECT_EQ(output.at(0)["type"], "message");
    EXPECT_EQ(output.at(0)["content"][0]["text"], "Let me check.");
    EXPECT_EQ(output.at(1)["type"], "function_call");
}

TEST(ResponsesAnswer, ReasoningContentBecomesTheFirstItem) {
    const QJsonObject r = answer(
        chatCompletion(R"({"role":"assistant","content":"42","reasoning_content":"6 times 7"})"));
    const QJsonArray output = r["output"].toArray();
    ASSERT_EQ(output.size(), 2);
    EXPECT_EQ(output.at(0)["type"], "reasoning");
    EXPECT_TRUE(output.at(0)["id"].toString().startsWith("rs_"));
    EXPECT_EQ(output.at(0)["summary"],
              jsonValue(R"([{"type":"summary_text","text":"6 times 7"}])"));
    EXPECT_EQ(output.at(1)["type"], "message");
    EXPECT_EQ(output.at(1)["content"][0]["text"], "42");
}

TEST(ResponsesAnswer, LengthFinishIsIncompleteForMaxOutputTokens) {
    const QJsonObject r =
        answer(chatCompletion(R"({"role":"assistant","content":"Once upon"})", "length"));
    EXPECT_EQ(r["status"], "incomplete");
    EXPECT_EQ(r["incomplete_details"], jsonValue(R"({"reason":"max_output_tokens"})"));
    EXPECT_EQ(r["output"][0]["content"][0]["text"], "Once upon");
}

TEST(ResponsesAnswer, ContentFilterFinishIsIncomplete) {
    const QJsonObject r =
        answer(chatCompletion(R"({"role":"assistant","content":""})", "content_filter"));
    EXPECT_EQ(r["status"], "incomplete");
    EXPECT_EQ(r["incomplete_details"], jsonValue(R"({"reason":"content_filter"})"));
}

TEST(ResponsesAnswer, UsageMapsWithCachedAndReasoningTokens) {
    const QJsonObject r =
        answer(chatCompletion(R"({"role":"assistant","content":"x"})", "stop",
                              R"({"prompt_tokens":100,"completion_tokens":40,"total_tokens":140,
            "prompt_tokens_details":{"cached_tokens":64},
            "completion_tokens_details":{"reasoning_tokens":25}})"));
    EXPECT_EQ(r["usage"],
              jsonValue(R"({"input_tokens":100,"input_tokens_details":{"cached_tokens":64},
        "output_tokens":40,"output_tokens_details":{"reasoning_tokens":25},"total_tokens":140})"));
}

TEST(ResponsesAnswer, UsageWithoutDetailsHasZeroDetailsAndATotal) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"x"})", "stop",
                                                R"({"prompt_tokens":3,"completion_tokens":2})"));
    EXPECT_EQ(r["usage"], jsonValue(R"({"input_tokens":3,"input_tokens_details":{"cached_tokens":0},
        "output_tokens":2,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":5})"));
}

TEST(ResponsesAnswer, EchoesTheRequestsFields) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"x"})"),
                                 R"({"model":"m","input":"q","instructions":"Be kind.",
        "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],
        "tool_choice":"required","metadata":{"team":"blue"},"temperature":0.2,
        "max_output_tokens":99,"store":false})");
    EXPECT_EQ(r["instructions"], "Be kind.");
    EXPECT_EQ(r["tools"],
              jsonValue(R"([{"type":"function","name":"f","parameters":{"type":"object"}}])"));
    EXPECT_EQ(r["tool_choice"], "required");
    EXPECT_EQ(r["metadata"], jsonValue(R"({"team":"blue"})"));
    EXPECT_DOUBLE_EQ(r["temperature"].toDouble(), 0.2);
    EXPECT_EQ(r["max_output_tokens"], 99);
    EXPECT_EQ(r["store"], false);
}

TEST(ResponsesAnswer, DefaultsTheSdksReadWhenTheRequestLeftThemOut) {
    const QJsonObject r = answer(chatCompletion(R"({"role":"assistant","content":"x"})"),
                                 R"({"model":"m","input":"q"})");
    EXPECT_TRUE(r["instructions"].isNull());
    EXPECT_EQ(r["tools"], QJsonArray());
    EXPECT_EQ(r["tool_choice"], "auto");
    EXPECT_EQ(r["parallel_tool_calls"], true);
    EXPECT_EQ(r["metadata"], QJsonObject());
    EXPECT_EQ(r["text"], jsonValue(R"({"format":{"type":"text"}})"));
}

TEST(ResponsesAnswer, ChatToResponseMatchesTheCodec) {
    const CodecContext context = decode(R"({"model":"m","input":"q","instructions":"I"})").context;
    const QJsonObject r = responses::chatToResponse(
        json(chatCompletion(R"({"role":"assistant","content":"same"})")), context);
    EXPECT_EQ(r["instructions"], "I");
    EXPECT_EQ(r["output"][0]["content"][0]["text"], "same");
}

TEST(ResponsesAnswer, ErrorsUseTheOpenAIErrorShape) {
    GatewayError e = GatewayError::upstream(502, "provider down");
    e.code = "upstream_error";
    const QJsonObject body = parsed(codec().encodeError(e));
    EXPECT_EQ(body["error"]["message"], "provider down");
    EXPECT_EQ(body["error"]["code"], "upstream_error");
    EXPECT_FALSE(body["error"]["type"].toString().isEmpty());
}

// ------------------------------------------------------------------ stream

TEST(ResponsesStream, TextEventsInOrder) {
    StreamRun run;
    run.feed(chatChunk(R"({"role":"assistant","content":""})"))
        .feed(chatChunk(R"({"content":"Hel"})"))
        .feed(chatChunk(R"({"content":"lo"})"))
        .feed(chatChunk("{}", "stop"))
        .feed(chatUsageChunk(R"({"prompt_tokens":4,"completion_tokens":2,"total_tokens":6})"))
        .finish();
    expectWellFormed(run);
    EXPECT_EQ(run.names(), names({"response.created", "response.in_progress",
                                  "response.output_item.added", "response.content_part.added",
                                  "response.output_text.delta", "response.output_text.delta",
                                  "response.output_text.done", "response.content_part.done",
                                  "response.output_item.done", "response.completed"}));
    EXPECT_EQ(run.joined("response.output_text.delta"), "Hello");
    EXPECT_EQ(run.data("response.output_text.done").at(0)["text"], "Hello");
    const QJsonObject added = run.data("response.output_item.added").at(0);
    EXPECT_EQ(added["output_index"], 0);
    EXPECT_EQ(added["item"]["type"], "message");
    EXPECT_EQ(added["item"]["status"], "in_progress");
    const QString itemId = added["item"]["id"].toString();
    for (const QJsonObject &d : run.data("response.output_text.delta")) {
        EXPECT_EQ(d["item_id"], itemId);
        EXPECT_EQ(d["output_index"], 0);
        EXPECT_EQ(d["content_index"], 0);
    }
    const QJsonObject response = run.last()["response"].toObject();
    EXPECT_EQ(response["status"], "completed");
    EXPECT_EQ(response["model"], "gpt-x");
    EXPECT_EQ(response["output"][0]["content"][0]["text"], "Hello");
    EXPECT_EQ(response["usage"]["input_tokens"], 4);
    EXPECT_EQ(response["usage"]["output_tokens"], 2);
    EXPECT_EQ(response["usage"]["total_tokens"], 6);
    // One response id throughout.
    EXPECT_EQ(run.data("response.created").at(0)["response"]["id"], response["id"]);
    EXPECT_EQ(run.data("response.created").at(0)["response"]["status"], "in_progress");
}

TEST(ResponsesStream, ToolCallWithNameFirstAndArgumentsInPieces) {
    StreamRun run(R"({"model":"m","tools":[{"type":"function","name":"get_weather"}]})");
    run.feed(chatChunk(R"({"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_w",
                  "type":"function","function":{"name":"get_weather","arguments":""}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"ation\":"}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]})"))
        .feed(chatChunk("{}", "tool_calls"))
        .finish();
    expectWellFormed(run);
    EXPECT_EQ(
        run.names(),
        names({"response.created", "response.in_progress", "response.output_item.added",
               "response.function_call_arguments.delta", "response.function_call_arguments.delta",
               "response.function_call_arguments.delta", "response.function_call_arguments.done",
               "response.output_item.done", "response.completed"}));
    const QJsonObject added = run.data("response.output_item.added").at(0)["item"].toObject();
    EXPECT_EQ(added["type"], "function_call");
    EXPECT_EQ(added["call_id"], "call_w");
    EXPECT_EQ(added["name"], "get_weather");
    EXPECT_EQ(added["status"], "in_progress");
    EXPECT_EQ(run.joined("response.function_call_arguments.delta"), R"({"location":"Paris"})");
    for (const QJsonObject &d : run.data("response.function_call_arguments.delta"))
        EXPECT_EQ(d["item_id"], added["id"]);
    EXPECT_EQ(run.data("response.function_call_arguments.done").at(0)["arguments"],
              R"({"location":"Paris"})");
    const QJsonObject item = run.last()["response"]["output"][0].toObject();
    EXPECT_EQ(item["type"], "function_call");
    EXPECT_EQ(item["call_id"], "call_w");
    EXPECT_EQ(item["name"], "get_weather");
    EXPECT_EQ(item["arguments"], R"({"location":"Paris"})");
    EXPECT_EQ(item["status"], "completed");
    EXPECT_EQ(run.last()["response"]["status"], "completed");
}

TEST(ResponsesStream, ArgumentsBeforeTheNameAreSentWhenTheItemOpens) {
    StreamRun run;
    run.feed(chatChunk(
                 R"({"tool_calls":[{"index":0,"id":"call_1","function":{"arguments":"{\"a\""}}]})"))
        .feed(
            chatChunk(R"({"tool_calls":[{"index":0,"function":{"name":"f","arguments":":1}"}}]})"))
        .finish();
    expectWellFormed(run);
    EXPECT_EQ(run.joined("response.function_call_arguments.delta"), R"({"a":1})");
    EXPECT_EQ(run.last()["response"]["output"][0]["arguments"], R"({"a":1})");
}

TEST(ResponsesStream, TextThenTwoToolCallsAreThreeItems) {
    StreamRun run;
    run.feed(chatChunk(R"({"content":"Checking."})"))
        .feed(chatChunk(
            R"({"tool_calls":[{"index":0,"id":"call_a","function":{"name":"f","arguments":"{}"}}]})"))
        .feed(chatChunk(
            R"({"tool_calls":[{"index":1,"id":"call_b","function":{"name":"g","arguments":"{\"x\""}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":1,"function":{"arguments":":2}"}}]})"))
        .feed(chatChunk("{}", "tool_calls"))
        .finish();
    expectWellFormed(run);
    const QJsonArray output = run.last()["response"]["output"].toArray();
    ASSERT_EQ(output.size(), 3);
    EXPECT_EQ(output.at(0)["type"], "message");
    EXPECT_EQ(output.at(1)["call_id"], "call_a");
    EXPECT_EQ(output.at(1)["arguments"], "{}");
    EXPECT_EQ(output.at(2)["call_id"], "call_b");
    EXPECT_EQ(output.at(2)["arguments"], R"({"x":2})");
    // One item open at a time: each item is done before the next is added.
    QList<QByteArray> lifecycle;
    for (const QByteArray &n : run.names())
        if (n == "response.output_item.added" || n == "response.output_item.done") lifecycle << n;
    EXPECT_EQ(lifecycle, names({"response.output_item.added", "response.output_item.done",
                                "response.output_item.added", "response.output_item.done",
                                "response.output_item.added", "response.output_item.done"}));
}

TEST(ResponsesStream, CustomToolCallIsACustomToolCallItem) {
    StreamRun run(R"({"model":"m","tools":[{"type":"custom","name":"apply_patch"}]})");
    run
        .feed(chatChunk(
            R"({"tool_calls":[{"index":0,"id":"call_p","function":{"name":"apply_patch","arguments":""}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"input\":"}}]})"))
        .feed(chatChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"+line\"}"}}]})"))
        .feed(chatChunk("{}", "tool_calls"))
        .finish();
    expectWellFormed(run);
    EXPECT_TRUE(run.data("response.function_call_arguments.delta").isEmpty());
    ASSERT_EQ(run.data("response.custom_tool_call_input.done").size(), 1);
    EXPECT_EQ(run.data("response.custom_tool_call_input.done").at(0)["input"], "+line");
    const QJsonObject item = run.last()["response"]["output"][0].toObject();
    EXPECT_EQ(item["type"], "custom_tool_call");
    EXPECT_EQ(item["call_id"], "call_p");
    EXPECT_EQ(item["input"], "+line");
}

TEST(ResponsesStream, ReasoningThenText) {
    StreamRun run;
    run.feed(chatChunk(R"({"role":"assistant","reasoning_content":"Six "})"))
        .feed(chatChunk(R"({"reasoning_content":"times seven."})"))
        .feed(chatChunk(R"({"content":"42"})"))
        .feed(chatChunk("{}", "stop"))
        .finish();
    expectWellFormed(run);
    EXPECT_EQ(
        run.names(),
        names({"response.created", "response.in_progress", "response.output_item.added",
               "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
               "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
               "response.reasoning_summary_part.done", "response.output_item.done",
               "response.output_item.added", "response.content_part.added",
               "response.output_text.delta", "response.output_text.done",
               "response.content_part.done", "response.output_item.done", "response.completed"}));
    EXPECT_EQ(run.joined("response.reasoning_summary_text.delta"), "Six times seven.");
    EXPECT_EQ(run.data("response.reasoning_summary_text.done").at(0)["text"], "Six times seven.");
    const QList<QJsonObject> added = run.data("response.output_item.added");
    EXPECT_EQ(added.at(0)["output_index"], 0);
    EXPECT_EQ(added.at(0)["item"]["type"], "reasoning");
    EXPECT_EQ(added.at(1)["output_index"], 1);
    EXPECT_EQ(added.at(1)["item"]["type"], "message");
    for (const QJsonObject &d : run.data("response.output_text.delta"))
        EXPECT_EQ(d["output_index"], 1);
    const QJsonArray output = run.last()["response"]["output"].toArray();
    ASSERT_EQ(output.size(), 2);
    EXPECT_EQ(output.at(0)["summary"][0]["text"], "Six times seven.");
    EXPECT_EQ(output.at(1)["content"][0]["text"], "42");
}

// A chat stream sends a refusal as "refusal" deltas; the plain answer keeps
// it as a refusal part, so the streamed answer must too.
TEST(ResponsesStream, RefusalDeltasBecomeARefusalPart) {
    StreamRun run;
    run.feed(chatChunk(R"({"role":"assistant","content":null,"refusal":""})"))
        .feed(chatChunk(R"({"refusal":"I can't "})"))
        .feed(chatChunk(R"({"refusal":"help with that."})"))
        .feed(chatChunk("{}", "stop"))
        .finish();
    expectWellFormed(run);
    EXPECT_EQ(run.joined("response.refusal.delta"), "I can't help with that.");
    const QJsonArray content = run.last()["response"]["output"][0]["content"].toArray();
    EXPECT_TRUE(
        content.contains(jsonValue(R"({"type":"refusal","refusal":"I can't help with that."})")))
        << ::testing::PrintToString(content);
}

TEST(ResponsesStream, LengthFinishEndsWithResponseIncomplete) {
    StreamRun run;
    run.feed(chatChunk(R"({"content":"Once upon"})")).feed(chatChunk("{}", "length")).finish();
    expectWellFormed(run);
    EXPECT_EQ(run.names().last(), "response.incomplete");
    EXPECT_FALSE(run.names().contains("response.completed"));
    const QJsonObject response = run.last()["response"].toObject();
    EXPECT_EQ(response["status"], "incomplete");
    EXPECT_EQ(response["incomplete_details"], jsonValue(R"({"reason":"max_output_tokens"})"));
    EXPECT_EQ(response["output"][0]["content"][0]["text"], "Once upon");
}

TEST(ResponsesStream, ErrorMidStreamEndsWithResponseFailed) {
    StreamRun run;
    run.feed(chatChunk(R"({"content":"partial"})"));
    GatewayError e = GatewayError::upstream(502, "upstream connection reset");
    e.code = "upstream_error";
    run.bytes += run.encoder->error(e);
    const QList<SseEvent> events = run.events();
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().event, "response.failed");
    for (qsizetype i = 0; i < events.size(); ++i)
        EXPECT_EQ(parsed(events.at(i).data)["sequence_number"].toInteger(-1), i);
    const QJsonObject response = run.last()["response"].toObject();
    EXPECT_EQ(response["status"], "failed");
    EXPECT_EQ(response["error"]["message"], "upstream connection reset");
    EXPECT_EQ(response["error"]["code"], "upstream_error");
    // Nothing after the failure.
    EXPECT_TRUE(run.encoder->finish().isEmpty());
    EXPECT_TRUE(run.encoder->onChunk(chatChunk(R"({"content":"late"})")).isEmpty());
    EXPECT_TRUE(run.encoder->error(e).isEmpty());
}

TEST(ResponsesStream, ErrorBeforeAnyChunkStillOpensTheResponse) {
    StreamRun run;
    run.bytes += run.encoder->error(GatewayError::upstream(500, "boom"));
    EXPECT_EQ(run.names(), names({"response.created", "response.in_progress", "response.failed"}));
    EXPECT_EQ(run.last()["response"]["error"]["message"], "boom");
    EXPECT_FALSE(run.last()["response"]["error"]["code"].toString().isEmpty());
}

TEST(ResponsesStream, FinishIsIdempotent) {
    StreamRun run;
    run.feed(chatChunk(R"({"content":"x"})")).feed(chatChunk("{}", "stop")).finish();
    const QByteArray before = run.bytes;
    EXPECT_TRUE(run.encoder->finish().isEmpty());
    EXPECT_TRUE(run.encoder->finish().isEmpty());
    EXPECT_TRUE(run.encoder->onChunk(chatChunk(R"({"content":"late"})")).isEmpty());
    EXPECT_EQ(run.bytes, before);
    EXPECT_EQ(run.names().count("response.completed"), 1);
}

TEST(ResponsesStream, EmptyStreamStillHasOneMessageAndCompletes) {
    StreamRun run;
    run.finish();
    expectWellFormed(run);
    EXPECT_EQ(run.names(), names({"response.created", "response.in_progress",
                                  "response.output_item.added", "response.content_part.added",
                                  "response.output_text.done", "response.content_part.done",
                                  "response.output_item.done", "response.completed"}));
    const QJsonArray output = run.last()["response"]["output"].toArray();
    ASSERT_EQ(output.size(), 1);
    EXPECT_EQ(output.at(0)["type"], "message");
    EXPECT_EQ(output.at(0)["content"][0]["text"], "");
    EXPECT_TRUE(run.last()["response"]["usage"].isNull());
}

TEST(ResponsesStream, ModelComesFromTheFirstChunkWhenNotGiven) {
    StreamRun run(R"({"model":"m"})", QString());
    run.feed(chatChunk(R"({"content":"x"})")).finish();
    EXPECT_EQ(run.last()["response"]["model"], "gpt-x");
}

TEST(ResponsesStream, ResponseEchoesTheRequestInEveryEnvelope) {
    StreamRun run(R"({"model":"m","instructions":"Be kind.","metadata":{"k":"v"}})");
    run.feed(chatChunk(R"({"content":"x"})")).finish();
    for (const char *name : {"response.created", "response.in_progress", "response.completed"}) {
        const QJsonObject response = run.data(name).at(0)["response"].toObject();
        EXPECT_EQ(response["instructions"], "Be kind.") << name;
        EXPECT_EQ(response["metadata"], jsonValue(R"({"k":"v"})")) << name;
    }
}

TEST(ResponsesStream, EncoderClassMatchesTheCodecsEncoder) {
    responses::ResponsesStreamEncoder encoder("gpt-x", CodecContext(), nullptr);
    QByteArray bytes = encoder.onChunk(chatChunk(R"({"content":"hi"})"));
    bytes += encoder.finish();
    const QList<SseEvent> events = parseSseEvents(bytes);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().event, "response.completed");
    const QJsonObject last = parsed(events.last().data);
    EXPECT_EQ(last["response"]["output"][0]["content"][0]["text"], "hi");
}

// After a provider's own Responses stream broke, only the format's error event follows.
TEST(ResponsesStream, ANativeStreamEndsWithOneErrorEvent) {
    GatewayError e = GatewayError::upstream(502, QStringLiteral("connection broke"));
    e.code = QStringLiteral("upstream_reset");
    const QList<SseEvent> events =
        parseSseEvents(gatehouse::clientCodec(WireFormat::OpenAIResponses).nativeStreamError(e));
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].event, "error");
    const QJsonObject data = json(events[0].data);
    EXPECT_EQ(data["type"], "error");
    EXPECT_EQ(data["code"], "upstream_reset");
    EXPECT_EQ(data["message"], "connection broke");
}

// The delta events are written straight as bytes: each must be exactly the
// compact JSON of its object (keys sorted), for any text, for every kind.
TEST(ResponsesStream, DeltaEventsAreTheCompactJsonOfTheirObjects) {
    const QString text =
        QStringLiteral("a\"b\\c\n\t\x01/ é 😀 ") + QChar(0xD800) + QString(40, QLatin1Char('x'));
    auto withDelta = [](const QJsonObject &delta) {
        QJsonObject c = chatChunk("{}");
        c["choices"] = QJsonArray{QJsonObject{{"index", 0}, {"delta", delta}}};
        return c;
    };
    const QJsonObject call{{"index", 0},
                           {"id", "call_1"},
                           {"function", QJsonObject{{"name", "f"}, {"arguments", text}}}};
    StreamRun run;
    run.feed(withDelta({{"reasoning_content", text}}))
        .feed(withDelta({{"content", text}}))
        .feed(withDelta({{"refusal", text}}))
        .feed(withDelta({{"tool_calls", QJsonArray{call}}}))
        .finish();
    QList<QByteArray> kinds;
    for (const SseEvent &e : run.events()) {
        if (!e.event.endsWith(".delta")) continue;
        kinds << e.event;
        const QJsonObject object = QJsonDocument::fromJson(e.data).object();
        EXPECT_EQ(e.data.toStdString(),
                  QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
        EXPECT_EQ(object.value("delta").toString(), text) << e.event.toStdString();
        EXPECT_EQ(object.value("type").toString().toUtf8(), e.event);
    }
    EXPECT_EQ(kinds, (QList<QByteArray>{"response.reasoning_summary_text.delta",
                                        "response.output_text.delta", "response.refusal.delta",
                                        "response.function_call_arguments.delta"}));
}
