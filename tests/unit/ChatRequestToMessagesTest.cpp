// Provider side: OpenAI chat completion requests -> Anthropic Messages requests.
#include <gtest/gtest.h>

#include "JsonTestUtil.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::test::json;
using gatehouse::test::jsonArray;
using gatehouse::test::jsonValue;

namespace {

QJsonObject toMessages(const QJsonObject &request) {
    QJsonObject messages;
    QString error;
    EXPECT_TRUE(gatehouse::anthropic::chatRequestToMessages(request, &messages, &error))
        << error.toStdString();
    return messages;
}

QJsonObject toMessages(const char *request) {
    return toMessages(json(request));
}

// Converts {"model":"m","messages":<messages>} and returns the Anthropic messages.
QJsonArray anthropicMessages(const char *messages) {
    return toMessages(QJsonObject{{"model", "m"}, {"messages", jsonArray(messages)}})["messages"]
        .toArray();
}

std::string errorFor(const char *request) {
    QJsonObject messages;
    QString error;
    EXPECT_FALSE(gatehouse::anthropic::chatRequestToMessages(json(request), &messages, &error));
    return error.toStdString();
}

const char *kOneTool =
    R"("tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])";

QJsonObject withTool(const char *extra) {
    return toMessages(json(QByteArray(R"({"model":"m","messages":[],)") + kOneTool + extra + "}"));
}

}  // namespace

TEST(ChatRequestToMessages, PassesModel) {
    EXPECT_EQ(toMessages(R"({"model":"claude-x","messages":[]})")["model"], "claude-x");
}

TEST(ChatRequestToMessages, DefaultsMaxTokensTo4096) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[]})")["max_tokens"], 4096);
}

TEST(ChatRequestToMessages, MaxTokensPasses) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[],"max_tokens":99})")["max_tokens"], 99);
}

TEST(ChatRequestToMessages, MaxCompletionTokensWinsOverMaxTokens) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[],"max_tokens":99,"max_completion_tokens":7})")
                  ["max_tokens"],
              7);
}

TEST(ChatRequestToMessages, SystemMessageBecomesSystem) {
    const QJsonObject out = toMessages(
        R"({"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]})");
    EXPECT_EQ(out["system"], "Be brief.");
    EXPECT_EQ(out["messages"].toArray(), jsonArray(R"([{"role":"user","content":"hi"}])"));
}

TEST(ChatRequestToMessages, SystemAndDeveloperMessagesJoinWithBlankLine) {
    const QJsonObject out = toMessages(R"({"model":"m","messages":[
        {"role":"system","content":"A"},{"role":"developer","content":[{"type":"text","text":"B"}]},
        {"role":"user","content":"hi"},{"role":"system","content":"C"}]})");
    EXPECT_EQ(out["system"], "A\n\nB\n\nC");
    EXPECT_EQ(out["messages"].toArray(), jsonArray(R"([{"role":"user","content":"hi"}])"));
}

TEST(ChatRequestToMessages, NoSystemMessageMeansNoSystemField) {
    EXPECT_FALSE(toMessages(R"({"model":"m","messages":[{"role":"user","content":"x"}]})")
                     .contains("system"));
}

TEST(ChatRequestToMessages, UserStringContentPasses) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":"hello"}])"),
              jsonArray(R"([{"role":"user","content":"hello"}])"));
}

TEST(ChatRequestToMessages, SingleTextPartBecomesString) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":[{"type":"text","text":"hello"}]}])"),
              jsonArray(R"([{"role":"user","content":"hello"}])"));
}

TEST(ChatRequestToMessages, DataUrlImageBecomesBase64Source) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":[{"type":"text","text":"what?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR","detail":"high"}}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"text","text":"what?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}]}])"));
}

TEST(ChatRequestToMessages, PlainImageUrlBecomesUrlSource) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"https://x.test/a.jpg"}}]}])"),
              jsonArray(R"([{"role":"user","content":[
                 {"type":"image","source":{"type":"url","url":"https://x.test/a.jpg"}}]}])"));
}

TEST(ChatRequestToMessages, AcceptsImageUrlGivenAsString) {
    EXPECT_EQ(
        anthropicMessages(
            R"([{"role":"user","content":[{"type":"image_url","image_url":"https://x.test/a.jpg"}]}])"),
        jsonArray(R"([{"role":"user","content":[
                 {"type":"image","source":{"type":"url","url":"https://x.test/a.jpg"}}]}])"));
}

TEST(ChatRequestToMessages, DataUrlParametersAreNotPartOfMediaType) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":[
                 {"type":"image_url","image_url":{"url":"data:image/gif;name=a.gif;base64,R0lG"}}]}])"),
              jsonArray(R"([{"role":"user","content":[
                 {"type":"image","source":{"type":"base64","media_type":"image/gif","data":"R0lG"}}]}])"));
}

TEST(ChatRequestToMessages, InlineFileBecomesDocument) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":[{"type":"file",
                 "file":{"filename":"r.pdf","file_data":"data:application/pdf;base64,JVBE"}}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"document","title":"r.pdf",
                 "source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]}])"));
}

TEST(ChatRequestToMessages, AssistantTextPasses) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"user","content":"q"},{"role":"assistant","content":"a"}])"),
        jsonArray(R"([{"role":"user","content":"q"},{"role":"assistant","content":"a"}])"));
}

TEST(ChatRequestToMessages, ToolCallsBecomeToolUseBlocks) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"assistant","content":null,"tool_calls":[
                 {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
                 {"id":"call_2","type":"function","function":{"name":"now","arguments":""}}]}])"),
              jsonArray(R"([{"role":"assistant","content":[
                 {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Oslo"}},
                 {"type":"tool_use","id":"call_2","name":"now","input":{}}]}])"));
}

TEST(ChatRequestToMessages, TextBeforeToolCallsBecomesFirstBlock) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"assistant","content":"Let me check.","tool_calls":[
                 {"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}])"),
              jsonArray(R"([{"role":"assistant","content":[{"type":"text","text":"Let me check."},
                 {"type":"tool_use","id":"c","name":"f","input":{}}]}])"));
}

TEST(ChatRequestToMessages, UnparsableArgumentsBecomeEmptyInput) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"assistant","tool_calls":[
                 {"id":"c","type":"function","function":{"name":"f","arguments":"{\"city\": \"Os"}}]}])"),
        jsonArray(
            R"([{"role":"assistant","content":[{"type":"tool_use","id":"c","name":"f","input":{}}]}])"));
}

TEST(ChatRequestToMessages, NonObjectArgumentsBecomeEmptyInput) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"assistant","tool_calls":[
                 {"id":"c","type":"function","function":{"name":"f","arguments":"[1,2]"}}]}])"),
        jsonArray(
            R"([{"role":"assistant","content":[{"type":"tool_use","id":"c","name":"f","input":{}}]}])"));
}

TEST(ChatRequestToMessages, ArgumentsGivenAsObjectAreAccepted) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"assistant","tool_calls":[
                 {"id":"c","type":"function","function":{"name":"f","arguments":{"a":1}}}]}])"),
        jsonArray(
            R"([{"role":"assistant","content":[{"type":"tool_use","id":"c","name":"f","input":{"a":1}}]}])"));
}

TEST(ChatRequestToMessages, ToolMessageBecomesToolResult) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"tool","tool_call_id":"c","content":"sunny"}])"),
        jsonArray(
            R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"c","content":"sunny"}]}])"));
}

TEST(ChatRequestToMessages, ToolMessageTextPartsBecomeTextBlocks) {
    EXPECT_EQ(anthropicMessages(
                  R"([{"role":"tool","tool_call_id":"c","content":[{"type":"text","text":"a"}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"c",
                 "content":[{"type":"text","text":"a"}]}]}])"));
}

TEST(ChatRequestToMessages, EmptyToolMessageHasNoContent) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"tool","tool_call_id":"c","content":""}])"),
        jsonArray(R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"c"}]}])"));
}

TEST(ChatRequestToMessages, ConsecutiveToolMessagesMergeIntoOneUserMessage) {
    EXPECT_EQ(anthropicMessages(R"([
        {"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
                                          {"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"a","content":"1"},
        {"role":"tool","tool_call_id":"b","content":"2"},
        {"role":"user","content":"thanks"}])"),
              jsonArray(R"([
        {"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":{}},
                                       {"type":"tool_use","id":"b","name":"f","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":"1"},
                                  {"type":"tool_result","tool_use_id":"b","content":"2"},
                                  {"type":"text","text":"thanks"}]}])"));
}

TEST(ChatRequestToMessages, ConsecutiveSameRoleMessagesMerge) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"user","content":"a"},{"role":"user","content":"b"},
                 {"role":"assistant","content":"c"},{"role":"assistant","content":"d"}])"),
        jsonArray(
            R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
                 {"role":"assistant","content":[{"type":"text","text":"c"},{"type":"text","text":"d"}]}])"));
}

TEST(ChatRequestToMessages, MessagesSeparatedOnlyBySystemMerge) {
    EXPECT_EQ(
        anthropicMessages(R"([{"role":"user","content":"a"},{"role":"system","content":"s"},
                 {"role":"user","content":"b"}])"),
        jsonArray(
            R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}])"));
}

TEST(ChatRequestToMessages, EmptyMessagesAreDropped) {
    EXPECT_EQ(anthropicMessages(R"([{"role":"user","content":"a"},{"role":"assistant","content":""},
                 {"role":"user","content":[{"type":"text","text":""}]},{"role":"assistant","content":null}])"),
              jsonArray(R"([{"role":"user","content":"a"}])"));
}

TEST(ChatRequestToMessages, RefusalPartBecomesText) {
    EXPECT_EQ(anthropicMessages(
                  R"([{"role":"assistant","content":[{"type":"refusal","refusal":"No."}]}])"),
              jsonArray(R"([{"role":"assistant","content":"No."}])"));
}

TEST(ChatRequestToMessages, StopStringBecomesStopSequences) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[],"stop":"END"})")["stop_sequences"].toArray(),
              jsonArray(R"(["END"])"));
}

TEST(ChatRequestToMessages, StopArrayBecomesStopSequences) {
    EXPECT_EQ(
        toMessages(R"({"model":"m","messages":[],"stop":["a","b"]})")["stop_sequences"].toArray(),
        jsonArray(R"(["a","b"])"));
}

TEST(ChatRequestToMessages, TemperatureAndTopPPass) {
    const QJsonObject out =
        toMessages(R"({"model":"m","messages":[],"temperature":0.3,"top_p":0.8})");
    EXPECT_EQ(out["temperature"], 0.3);
    EXPECT_EQ(out["top_p"], 0.8);
}

TEST(ChatRequestToMessages, TemperatureAboveOneIsClamped) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[],"temperature":1.7})")["temperature"], 1.0);
}

TEST(ChatRequestToMessages, TopKAndOpenAiOnlyFieldsAreDropped) {
    const QJsonObject out = toMessages(R"({"model":"m","messages":[],"top_k":5,"seed":1,
        "frequency_penalty":0.5,"presence_penalty":0.5,"response_format":{"type":"json_object"},
        "logprobs":true,"stream_options":{"include_usage":true},"n":1})");
    EXPECT_EQ(out.keys(), QStringList({"max_tokens", "messages", "model"}));
}

TEST(ChatRequestToMessages, StreamPasses) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[],"stream":true})")["stream"], true);
}

TEST(ChatRequestToMessages, UserBecomesMetadataUserId) {
    EXPECT_EQ(toMessages(R"({"model":"m","messages":[],"user":"u-42"})")["metadata"].toObject(),
              json(R"({"user_id":"u-42"})"));
}

TEST(ChatRequestToMessages, FunctionToolsBecomeAnthropicTools) {
    const QJsonObject out = toMessages(R"({"model":"m","messages":[],"tools":[
        {"type":"function","function":{"name":"get_weather","description":"Weather now","strict":true,
         "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]})");
    EXPECT_EQ(out["tools"].toArray(),
              jsonArray(R"([{"name":"get_weather","description":"Weather now",
        "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}])"));
    EXPECT_FALSE(out.contains("tool_choice"));
}

TEST(ChatRequestToMessages, ToolWithoutParametersGetsEmptyObjectSchema) {
    const QJsonObject out = toMessages(
        R"({"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"now"}}]})");
    EXPECT_EQ(out["tools"].toArray(),
              jsonArray(R"([{"name":"now","input_schema":{"type":"object","properties":{}}}])"));
}

struct ChatToolChoiceCase {
    const char *openai;  // JSON value
    const char *anthropic;
};

void PrintTo(const ChatToolChoiceCase &c, std::ostream *os) {
    *os << c.openai;
}

class ChatToolChoice : public testing::TestWithParam<ChatToolChoiceCase> {};

TEST_P(ChatToolChoice, MapsToAnthropicToolChoice) {
    QJsonObject request = json(QByteArray(R"({"model":"m","messages":[],)") + kOneTool + "}");
    request["tool_choice"] = jsonValue(GetParam().openai);
    EXPECT_EQ(toMessages(request)["tool_choice"].toObject(), json(GetParam().anthropic));
}

INSTANTIATE_TEST_SUITE_P(AllModes, ChatToolChoice,
                         testing::Values(ChatToolChoiceCase{R"("auto")", R"({"type":"auto"})"},
                                         ChatToolChoiceCase{R"("required")", R"({"type":"any"})"},
                                         ChatToolChoiceCase{R"("none")", R"({"type":"none"})"},
                                         ChatToolChoiceCase{
                                             R"({"type":"function","function":{"name":"f"}})",
                                             R"({"type":"tool","name":"f"})"}));

TEST(ChatRequestToMessages, ParallelToolCallsFalseDisablesParallelToolUse) {
    EXPECT_EQ(withTool(R"(,"tool_choice":"required","parallel_tool_calls":false)")["tool_choice"]
                  .toObject(),
              json(R"({"type":"any","disable_parallel_tool_use":true})"));
}

TEST(ChatRequestToMessages, ParallelToolCallsFalseWithoutToolChoiceSendsAuto) {
    EXPECT_EQ(withTool(R"(,"parallel_tool_calls":false)")["tool_choice"].toObject(),
              json(R"({"type":"auto","disable_parallel_tool_use":true})"));
}

TEST(ChatRequestToMessages, ParallelToolCallsFalseIsNotAddedToNone) {
    EXPECT_EQ(
        withTool(R"(,"tool_choice":"none","parallel_tool_calls":false)")["tool_choice"].toObject(),
        json(R"({"type":"none"})"));
}

TEST(ChatRequestToMessages, ParallelToolCallsTrueChangesNothing) {
    EXPECT_FALSE(withTool(R"(,"parallel_tool_calls":true)").contains("tool_choice"));
}

TEST(ChatRequestToMessages, ToolChoiceWithoutToolsIsLeftOut) {
    EXPECT_FALSE(
        toMessages(R"({"model":"m","messages":[],"tool_choice":"auto"})").contains("tool_choice"));
}

TEST(ChatRequestToMessagesErrors, MissingModel) {
    EXPECT_EQ(errorFor(R"({"messages":[]})"), "model: expected a non-empty string");
}

TEST(ChatRequestToMessagesErrors, MessagesNotAnArray) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":"hi"})"), "messages: expected an array");
}

TEST(ChatRequestToMessagesErrors, MessageWithoutRole) {
    EXPECT_EQ(
        errorFor(R"({"model":"m","messages":[{"role":"user","content":"a"},{"content":"b"}]})"),
        "messages[1].role: expected a string");
}

TEST(ChatRequestToMessagesErrors, UnknownRole) {
    EXPECT_EQ(
        errorFor(R"({"model":"m","messages":[{"role":"function","content":"b","name":"f"}]})"),
        "messages[0].role: expected \"system\", \"developer\", \"user\", \"assistant\" or "
        "\"tool\", got \"function\"");
}

TEST(ChatRequestToMessagesErrors, ContentOfWrongType) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":"a"},
        {"role":"assistant","content":"b"},{"role":"user","content":{"text":"c"}}]})"),
              "messages[2].content: expected a string or an array of content parts");
}

TEST(ChatRequestToMessagesErrors, PartNotAnObject) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":["a"]}]})"),
              "messages[0].content[0]: expected a content part object");
}

TEST(ChatRequestToMessagesErrors, UnsupportedPartType) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"input_audio","input_audio":{"data":"x","format":"wav"}}]}]})"),
              "messages[0].content[0].type: expected one of: text, image_url, file");
}

TEST(ChatRequestToMessagesErrors, ImageInSystemMessage) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"system","content":[
        {"type":"image_url","image_url":{"url":"https://x"}}]}]})"),
              "messages[0].content[0].type: expected one of: text");
}

TEST(ChatRequestToMessagesErrors, NonBase64DataUrl) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"data:image/svg+xml,<svg/>"}}]}]})"),
              "messages[0].content[0].image_url.url: expected a base64 data URL");
}

TEST(ChatRequestToMessagesErrors, ImageUrlWithoutUrl) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{}}]}]})"),
              "messages[0].content[0].image_url.url: expected a string");
}

TEST(ChatRequestToMessagesErrors, UploadedFileId) {
    EXPECT_EQ(
        errorFor(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"file","file":{"file_id":"file-1"}}]}]})"),
        "messages[0].content[0].file.file_data: expected a base64 data URL (uploaded file ids "
        "are not supported)");
}

TEST(ChatRequestToMessagesErrors, ToolCallWithoutId) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[
        {"type":"function","function":{"name":"f","arguments":"{}"}}]}]})"),
              "messages[0].tool_calls[0].id: expected a string");
}

TEST(ChatRequestToMessagesErrors, ToolCallWithoutFunctionName) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[
        {"id":"c","type":"function","function":{"arguments":"{}"}}]}]})"),
              "messages[0].tool_calls[0].function.name: expected a string");
}

TEST(ChatRequestToMessagesErrors, ToolCallsNotAnArray) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"assistant","tool_calls":{}}]})"),
              "messages[0].tool_calls: expected an array");
}

TEST(ChatRequestToMessagesErrors, ToolMessageWithoutToolCallId) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"tool","content":"x"}]})"),
              "messages[0].tool_call_id: expected a string");
}

TEST(ChatRequestToMessagesErrors, NonFunctionTool) {
    EXPECT_EQ(
        errorFor(
            R"({"model":"m","messages":[],"tools":[{"type":"custom","custom":{"name":"x"}}]})"),
        "tools[0].type: expected \"function\"");
}

TEST(ChatRequestToMessagesErrors, ToolWithoutName) {
    EXPECT_EQ(
        errorFor(R"({"model":"m","messages":[],"tools":[{"type":"function","function":{}}]})"),
        "tools[0].function.name: expected a string");
}

TEST(ChatRequestToMessagesErrors, UnknownToolChoiceString) {
    EXPECT_EQ(errorFor((QByteArray(R"({"model":"m","messages":[],)") + kOneTool +
                        R"(,"tool_choice":"sometimes"})")
                           .constData()),
              "tool_choice: expected \"auto\", \"required\" or \"none\"");
}

TEST(ChatRequestToMessagesErrors, MoreThanOneChoice) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"n":2})"),
              "n: Anthropic models return one choice; expected 1");
}

TEST(ChatRequestToMessagesErrors, StopOfWrongType) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"stop":5})"),
              "stop: expected a string or an array of strings");
}

TEST(ChatRequestToMessagesErrors, MaxCompletionTokensNotAnInteger) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"max_completion_tokens":"lots"})"),
              "max_completion_tokens: expected a positive integer");
}

// Prompt-cache breakpoints as OpenAI-format clients of Anthropic write them
// ("cache_control" on parts and tools) reach Anthropic where it takes them:
// on the blocks, on the tool_result itself, on the tools; a marked system
// prompt stays blocks.
TEST(ChatRequestToMessages, CacheMarksBecomeAnthropicBreakpoints) {
    const QJsonObject m = toMessages(R"({"model":"m","messages":[
        {"role":"system","content":[{"type":"text","text":"A"},
                                    {"type":"text","text":"B","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function",
            "function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"t1","content":[{"type":"text","text":"out",
            "cache_control":{"type":"ephemeral"}}]}],
        "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}},
                  "cache_control":{"type":"ephemeral"}}]})");
    EXPECT_EQ(m["system"].toArray(), jsonArray(R"([{"type":"text","text":"A"},
        {"type":"text","text":"B","cache_control":{"type":"ephemeral"}}])"));
    EXPECT_EQ(m["messages"].toArray(), jsonArray(R"([
        {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral"}}]},
        {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1",
            "content":[{"type":"text","text":"out"}],"cache_control":{"type":"ephemeral"}}]}])"));
    EXPECT_EQ(m["tools"].toArray(), jsonArray(R"([{"name":"f","input_schema":{"type":"object"},
        "cache_control":{"type":"ephemeral"}}])"));
}

// reasoning_effort becomes Claude's extended thinking with room for the
// answer, without the sampling settings Claude refuses with thinking on.
TEST(ChatRequestToMessages, ReasoningEffortBecomesThinking) {
    const QJsonObject out = toMessages(
        R"({"model":"claude-sonnet-4-5","reasoning_effort":"high","max_tokens":1000,
            "temperature":0.2,"top_p":0.9,"messages":[{"role":"user","content":"hi"}]})");
    EXPECT_EQ(out["thinking"].toObject(), json(R"({"type":"enabled","budget_tokens":16384})"));
    EXPECT_EQ(out["max_tokens"], 16384 + 1000);
    EXPECT_FALSE(out.contains("temperature"));
    EXPECT_FALSE(out.contains("top_p"));
    // No max_tokens asked: the budget and Anthropic's default room.
    EXPECT_EQ(
        toMessages(
            R"({"model":"claude-opus-4-1","reasoning_effort":"low","messages":[]})")["max_tokens"],
        1024 + 4096);
}

// Models before Claude 3.7 have no thinking, and a forced tool call goes
// without it (Claude thinks only when it may choose): the request is sent
// as it would be without the effort.
TEST(ChatRequestToMessages, NoThinkingForOlderModelsOrAForcedTool) {
    const QJsonObject old = toMessages(
        R"({"model":"claude-3-5-sonnet-20241022","reasoning_effort":"high","temperature":0.2,
            "messages":[]})");
    EXPECT_FALSE(old.contains("thinking"));
    EXPECT_EQ(old["temperature"], 0.2);
    const QJsonObject forced = toMessages(
        json(QByteArray(R"({"model":"claude-sonnet-4","reasoning_effort":"high","messages":[],)") +
             kOneTool + R"(,"tool_choice":"required"})"));
    EXPECT_FALSE(forced.contains("thinking"));
    EXPECT_EQ(forced["tool_choice"]["type"], "any");
}

// Signed thinking an earlier answer carried goes back first in its
// assistant turn; unsigned reasoning (another model's) does not.
TEST(ChatRequestToMessages, SignedThinkingIsReplayedFirstInItsTurn) {
    const QJsonObject out = toMessages(R"({"model":"claude-sonnet-4","reasoning_effort":"medium",
        "messages":[{"role":"user","content":"hi"},
          {"role":"assistant","content":"","reasoning_content":"x",
           "thinking_blocks":[{"type":"thinking","thinking":"Let me see.","signature":"s1"},
                              {"type":"thinking","thinking":"unsigned"},
                              {"type":"redacted_thinking","data":"opaque"}],
           "tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"t1","content":"ok"}]})");
    EXPECT_EQ(out["messages"][1]["content"].toArray(), jsonArray(R"([
        {"type":"thinking","thinking":"Let me see.","signature":"s1"},
        {"type":"redacted_thinking","data":"opaque"},
        {"type":"tool_use","id":"t1","name":"f","input":{}}])"));
    // Without thinking on, the blocks stay out.
    const QJsonObject plain = toMessages(R"({"model":"claude-sonnet-4","messages":[
        {"role":"assistant","content":"a","thinking_blocks":[
            {"type":"thinking","thinking":"t","signature":"s"}]}]})");
    EXPECT_EQ(plain["messages"][0]["content"], "a");
}
