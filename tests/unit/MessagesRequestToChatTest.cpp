// Client side: Anthropic Messages requests -> OpenAI chat completion requests.
#include <gtest/gtest.h>

#include "JsonTestUtil.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::test::json;
using gatehouse::test::jsonArray;
using gatehouse::test::jsonValue;

namespace {

QJsonObject toChat(const QJsonObject &request) {
    QJsonObject chat;
    QString error;
    EXPECT_TRUE(gatehouse::anthropic::messagesRequestToChat(request, &chat, &error))
        << error.toStdString();
    return chat;
}

QJsonObject toChat(const char *request) {
    return toChat(json(request));
}

// Converts {"model":"m","max_tokens":10,"messages":<messages>} and returns the chat messages.
QJsonArray chatMessages(const char *messages) {
    const QJsonObject request{
        {"model", "m"}, {"max_tokens", 10}, {"messages", jsonArray(messages)}};
    return toChat(request)["messages"].toArray();
}

// What the translation left out of `request` (which must translate).
QStringList droppedFrom(const char *request, QJsonObject *chatOut = nullptr) {
    QJsonObject chat;
    QString error;
    QStringList dropped;
    EXPECT_TRUE(gatehouse::anthropic::messagesRequestToChat(json(request), &chat, &error, &dropped))
        << error.toStdString();
    if (chatOut) *chatOut = chat;
    return dropped;
}

std::string errorFor(const char *request) {
    QJsonObject chat;
    QString error;
    EXPECT_FALSE(gatehouse::anthropic::messagesRequestToChat(json(request), &chat, &error));
    return error.toStdString();
}

}  // namespace

TEST(MessagesRequestToChat, PassesModelAndMaxTokens) {
    const QJsonObject chat = toChat(R"({"model":"claude-x","max_tokens":256,"messages":[]})");
    EXPECT_EQ(chat["model"], "claude-x");
    EXPECT_EQ(chat["max_tokens"], 256);
}

TEST(MessagesRequestToChat, SystemStringBecomesLeadingSystemMessage) {
    const QJsonObject chat = toChat(
        R"({"model":"m","max_tokens":1,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]})");
    EXPECT_EQ(
        chat["messages"].toArray(),
        jsonArray(R"([{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}])"));
}

TEST(MessagesRequestToChat, SystemTextBlocksJoinWithBlankLine) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],
        "system":[{"type":"text","text":"A"},{"type":"text","text":"B"}]})");
    EXPECT_EQ(chat["messages"].toArray(), jsonArray(R"([{"role":"system","content":"A\n\nB"}])"));
}

// Prompt-cache breakpoints stay where the client put them, as the parts'
// "cache_control", so the provider's dialect can put them back.
TEST(MessagesRequestToChat, CacheBreakpointsKeepTheirPlace) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,
        "system":[{"type":"text","text":"A"},{"type":"text","text":"B","cache_control":{"type":"ephemeral"}}],
        "messages":[
          {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
          {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"out",
                                     "cache_control":{"type":"ephemeral"}}]},
          {"role":"system","content":[{"type":"text","text":"reminder","cache_control":{"type":"ephemeral"}}]}],
        "tools":[{"name":"f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}]})");
    EXPECT_EQ(chat["messages"].toArray(), jsonArray(R"([
        {"role":"system","content":[{"type":"text","text":"A"},
                                    {"type":"text","text":"B","cache_control":{"type":"ephemeral"}}]},
        {"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function",
            "function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"t1",
         "content":[{"type":"text","text":"out","cache_control":{"type":"ephemeral"}}]},
        {"role":"system","content":[{"type":"text","text":"reminder","cache_control":{"type":"ephemeral"}}]}])"));
    EXPECT_EQ(chat["tools"].toArray(), jsonArray(R"([{"type":"function",
        "function":{"name":"f","parameters":{"type":"object"}},"cache_control":{"type":"ephemeral"}}])"));
}

TEST(MessagesRequestToChat, EmptySystemIsLeftOut) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"system":"","messages":[]})");
    EXPECT_EQ(chat["messages"].toArray(), QJsonArray());
}

TEST(MessagesRequestToChat, UserStringContentPasses) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":"hello"}])"),
              jsonArray(R"([{"role":"user","content":"hello"}])"));
}

TEST(MessagesRequestToChat, SingleTextBlockBecomesString) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":[{"type":"text","text":"hello"}]}])"),
              jsonArray(R"([{"role":"user","content":"hello"}])"));
}

TEST(MessagesRequestToChat, SeveralTextBlocksBecomeTextParts) {
    EXPECT_EQ(
        chatMessages(
            R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}])"),
        jsonArray(
            R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}])"));
}

TEST(MessagesRequestToChat, Base64ImageBecomesDataUrl) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":[{"type":"text","text":"what?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"text","text":"what?"},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}}]}])"));
}

TEST(MessagesRequestToChat, UrlImageBecomesImageUrl) {
    EXPECT_EQ(
        chatMessages(R"([{"role":"user","content":[
                 {"type":"image","source":{"type":"url","url":"https://x.test/a.jpg"}}]}])"),
        jsonArray(
            R"([{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x.test/a.jpg"}}]}])"));
}

TEST(MessagesRequestToChat, TextDocumentBecomesTextPart) {
    EXPECT_EQ(
        chatMessages(R"([{"role":"user","content":[
                 {"type":"document","source":{"type":"text","media_type":"text/plain","data":"notes"}},
                 {"type":"text","text":"summarise"}]}])"),
        jsonArray(
            R"([{"role":"user","content":[{"type":"text","text":"notes"},{"type":"text","text":"summarise"}]}])"));
}

TEST(MessagesRequestToChat, PdfDocumentBecomesFilePart) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":[{"type":"document","title":"r.pdf",
                 "source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]}])"),
              jsonArray(R"([{"role":"user","content":[{"type":"file",
                 "file":{"filename":"r.pdf","file_data":"data:application/pdf;base64,JVBE"}}]}])"));
}

TEST(MessagesRequestToChat, AssistantStringContentPasses) {
    EXPECT_EQ(chatMessages(R"([{"role":"assistant","content":"sure"}])"),
              jsonArray(R"([{"role":"assistant","content":"sure"}])"));
}

TEST(MessagesRequestToChat, AssistantTextBlocksConcatenate) {
    EXPECT_EQ(
        chatMessages(
            R"([{"role":"assistant","content":[{"type":"text","text":"ab"},{"type":"text","text":"cd"}]}])"),
        jsonArray(R"([{"role":"assistant","content":"abcd"}])"));
}

TEST(MessagesRequestToChat, ToolUseBecomesToolCallWithNullContent) {
    EXPECT_EQ(
        chatMessages(R"([{"role":"assistant","content":[
                 {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}}]}])"),
        jsonArray(
            R"([{"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function",
                 "function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]}])"));
}

TEST(MessagesRequestToChat, TextAndSeveralToolUsesShareOneAssistantMessage) {
    EXPECT_EQ(chatMessages(R"([{"role":"assistant","content":[{"type":"text","text":"Checking."},
                 {"type":"tool_use","id":"a","name":"f","input":{}},
                 {"type":"tool_use","id":"b","name":"g","input":{"x":[1,2]}}]}])"),
              jsonArray(R"([{"role":"assistant","content":"Checking.","tool_calls":[
                 {"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
                 {"id":"b","type":"function","function":{"name":"g","arguments":"{\"x\":[1,2]}"}}]}])"));
}

// Signed thinking travels as it is, for the dialect of a model that takes it
// back (Claude on Bedrock).
TEST(MessagesRequestToChat, ThinkingBlocksAreCarried) {
    EXPECT_EQ(chatMessages(R"([{"role":"assistant","content":[
                 {"type":"thinking","thinking":"hmm","signature":"sig"},
                 {"type":"redacted_thinking","data":"xx"},{"type":"text","text":"ok"}]}])"),
              jsonArray(R"([{"role":"assistant","content":"ok","thinking_blocks":[
                 {"type":"thinking","thinking":"hmm","signature":"sig"},
                 {"type":"redacted_thinking","data":"xx"}]}])"));
}

TEST(MessagesRequestToChat, ToolResultsBecomeToolMessages) {
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"a","content":"sunny"},
                 {"type":"tool_result","tool_use_id":"b","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]}]}])"),
              jsonArray(R"([{"role":"tool","tool_call_id":"a","content":"sunny"},
                        {"role":"tool","tool_call_id":"b","content":"x\n\ny"}])"));
}

TEST(MessagesRequestToChat, ToolSearchsToolReferencesNameTheLoadedTools) {
    // Claude Code's ToolSearch answer: the tools it loaded, offered from the
    // next request on; a reference without a name has nothing to say.
    EXPECT_EQ(chatMessages(R"([{"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"a","content":[
                  {"type":"tool_reference","tool_name":"mcp__g__echo"},
                  {"type":"tool_reference","tool_name":"mcp__g__add"},
                  {"type":"tool_reference"}]}]}])"),
              jsonArray(R"([{"role":"tool","tool_call_id":"a",
                        "content":"Tool loaded: mcp__g__echo\n\nTool loaded: mcp__g__add"}])"));
}

TEST(MessagesRequestToChat, ToolResultWithoutContentBecomesEmptyToolMessage) {
    EXPECT_EQ(
        chatMessages(
            R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","is_error":true}]}])"),
        jsonArray(R"([{"role":"tool","tool_call_id":"a","content":"Error"}])"));
}

TEST(MessagesRequestToChat, TextAfterToolResultsFollowsAsUserMessage) {
    EXPECT_EQ(
        chatMessages(R"([{"role":"user","content":[{"type":"text","text":"also"},
                 {"type":"tool_result","tool_use_id":"a","content":"1"}]}])"),
        jsonArray(
            R"([{"role":"tool","tool_call_id":"a","content":"1"},{"role":"user","content":"also"}])"));
}

TEST(MessagesRequestToChat, ToolResultImagesMoveToFollowingUserMessage) {
    EXPECT_EQ(chatMessages(
                  R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":[
                 {"type":"text","text":"screenshot"},
                 {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j"}}]}]}])"),
              jsonArray(R"([{"role":"tool","tool_call_id":"a","content":"screenshot"},
                 {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j"}}]}])"));
}

TEST(MessagesRequestToChat, StopSequencesBecomeStop) {
    const QJsonObject chat =
        toChat(R"({"model":"m","max_tokens":1,"messages":[],"stop_sequences":["END","\n\n"]})");
    EXPECT_EQ(chat["stop"].toArray(), jsonArray(R"(["END","\n\n"])"));
}

TEST(MessagesRequestToChat, SamplingParametersPassIncludingTopK) {
    const QJsonObject chat = toChat(
        R"({"model":"m","max_tokens":1,"messages":[],"temperature":0.5,"top_p":0.9,"top_k":40})");
    EXPECT_EQ(chat["temperature"], 0.5);
    EXPECT_EQ(chat["top_p"], 0.9);
    EXPECT_EQ(chat["top_k"], 40);
}

TEST(MessagesRequestToChat, StreamRequestsUsageInStream) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],"stream":true})");
    EXPECT_EQ(chat["stream"], true);
    EXPECT_EQ(chat["stream_options"].toObject(), json(R"({"include_usage":true})"));
}

TEST(MessagesRequestToChat, NonStreamingRequestHasNoStreamOptions) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],"stream":false})");
    EXPECT_EQ(chat["stream"], false);
    EXPECT_FALSE(chat.contains("stream_options"));
}

TEST(MessagesRequestToChat, MetadataUserIdBecomesUser) {
    const QJsonObject chat =
        toChat(R"({"model":"m","max_tokens":1,"messages":[],"metadata":{"user_id":"u-42"}})");
    EXPECT_EQ(chat["user"], "u-42");
}

TEST(MessagesRequestToChat, UnmappedFieldsAreDropped) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],
        "thinking":{"type":"enabled","budget_tokens":1024},"service_tier":"auto"})");
    EXPECT_EQ(chat.keys(), QStringList({"max_tokens", "messages", "model", "thinking"}));
    EXPECT_EQ(chat["thinking"]["budget_tokens"], 1024);  // kept for Claude on Bedrock
}

TEST(MessagesRequestToChat, ToolsBecomeFunctions) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],"tools":[
        {"name":"get_weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
        {"name":"noop","input_schema":{"type":"object"}}]})");
    EXPECT_EQ(chat["tools"].toArray(), jsonArray(R"([
        {"type":"function","function":{"name":"get_weather","description":"Weather now",
         "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
        {"type":"function","function":{"name":"noop","parameters":{"type":"object"}}}])"));
}

TEST(MessagesRequestToChat, ServerToolsAreLeftOut) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],"tools":[
        {"type":"web_search_20250305","name":"web_search","max_uses":3},
        {"type":"custom","name":"f","input_schema":{"type":"object"}}]})");
    EXPECT_EQ(
        chat["tools"].toArray(),
        jsonArray(
            R"([{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])"));
}

TEST(MessagesRequestToChat, ToolChoiceWithoutRemainingToolsIsLeftOut) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],
        "tools":[{"type":"web_search_20250305","name":"web_search"}],
        "tool_choice":{"type":"any","disable_parallel_tool_use":true}})");
    EXPECT_FALSE(chat.contains("tools"));
    EXPECT_FALSE(chat.contains("tool_choice"));
    EXPECT_FALSE(chat.contains("parallel_tool_calls"));
}

struct ToolChoiceCase {
    const char *anthropic;
    const char *openai;  // JSON value
};

void PrintTo(const ToolChoiceCase &c, std::ostream *os) {
    *os << c.anthropic;
}

class MessagesToolChoice : public testing::TestWithParam<ToolChoiceCase> {};

TEST_P(MessagesToolChoice, MapsToOpenAiToolChoice) {
    const QJsonObject request{
        {"model", "m"},
        {"max_tokens", 1},
        {"messages", QJsonArray()},
        {"tools", jsonArray(R"([{"name":"f","input_schema":{"type":"object"}}])")},
        {"tool_choice", json(GetParam().anthropic)}};
    const QJsonObject chat = toChat(request);
    EXPECT_EQ(chat["tool_choice"], jsonValue(GetParam().openai));
    EXPECT_FALSE(chat.contains("parallel_tool_calls"));
}

INSTANTIATE_TEST_SUITE_P(AllTypes, MessagesToolChoice,
                         testing::Values(ToolChoiceCase{R"({"type":"auto"})", R"("auto")"},
                                         ToolChoiceCase{R"({"type":"any"})", R"("required")"},
                                         ToolChoiceCase{R"({"type":"none"})", R"("none")"},
                                         ToolChoiceCase{
                                             R"({"type":"tool","name":"f"})",
                                             R"({"type":"function","function":{"name":"f"}})"}));

TEST(MessagesRequestToChat, DisableParallelToolUseBecomesParallelToolCallsFalse) {
    const QJsonObject chat = toChat(R"({"model":"m","max_tokens":1,"messages":[],
        "tools":[{"name":"f","input_schema":{"type":"object"}}],
        "tool_choice":{"type":"auto","disable_parallel_tool_use":true}})");
    EXPECT_EQ(chat["tool_choice"], "auto");
    EXPECT_EQ(chat["parallel_tool_calls"], false);
}

TEST(MessagesRequestToChat, NullFieldsCountAsAbsent) {
    const QJsonObject chat = toChat(
        R"({"model":"m","max_tokens":1,"messages":[],"system":null,"temperature":null,"tools":null})");
    EXPECT_EQ(chat.keys(), QStringList({"max_tokens", "messages", "model"}));
}

TEST(MessagesRequestToChatErrors, MissingModel) {
    EXPECT_EQ(errorFor(R"({"max_tokens":1,"messages":[]})"), "model: expected a non-empty string");
}

TEST(MessagesRequestToChatErrors, MessagesNotAnArray) {
    EXPECT_EQ(errorFor(R"({"model":"m","max_tokens":1,"messages":{}})"),
              "messages: expected an array");
}

TEST(MessagesRequestToChatErrors, MessageNotAnObject) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":["hi"]})"),
              "messages[0]: expected a message object");
}

TEST(MessagesRequestToChatErrors, MessageWithoutRole) {
    EXPECT_EQ(
        errorFor(R"({"model":"m","messages":[{"role":"user","content":"a"},{"content":"b"}]})"),
        "messages[1].role: expected a string");
}

// Claude Code 2.x sends system reminders as system-role messages between turns.
TEST(MessagesRequestToChat, SystemRoleInsideMessagesStaysInPlace) {
    QJsonObject chat;
    EXPECT_TRUE(droppedFrom(R"({"model":"m","messages":[{"role":"user","content":"a"},
        {"role":"system","content":[{"type":"text","text":"remember"}]},
        {"role":"user","content":"b"}]})",
                            &chat)
                    .isEmpty());
    EXPECT_EQ(chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"a"},
        {"role":"system","content":"remember"},{"role":"user","content":"b"}])"));
}

TEST(MessagesRequestToChat, UnknownRoleIsDroppedAndNamed) {
    QJsonObject chat;
    EXPECT_EQ(droppedFrom(R"({"model":"m","messages":[{"role":"critic","content":"a"},
        {"role":"user","content":"b"}]})",
                          &chat),
              QStringList{"messages[0] (role \"critic\")"});
    EXPECT_EQ(chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"b"}])"));
}

TEST(MessagesRequestToChatErrors, ContentOfWrongType) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":"a"},
        {"role":"assistant","content":"b"},{"role":"user","content":42}]})"),
              "messages[2].content: expected a string or an array of content blocks");
}

TEST(MessagesRequestToChatErrors, MissingContent) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user"}]})"),
              "messages[0].content: expected a string or an array of content blocks");
}

TEST(MessagesRequestToChatErrors, BlockWithoutType) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":[{"text":"a"}]}]})"),
              "messages[0].content[0].type: expected a string");
}

TEST(MessagesRequestToChat, UnknownBlockTypeIsDroppedAndNamed) {
    QJsonObject chat;
    EXPECT_EQ(droppedFrom(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"text","text":"a"},{"type":"video"}]}]})",
                          &chat),
              QStringList{"messages[0].content[1] (video)"});
    EXPECT_EQ(chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"a"}])"));
}

// Thinking is carried (for Claude on Bedrock; other dialects leave it
// out), Claude Code's other extras are dropped and named.
TEST(MessagesRequestToChat, ClaudeCodeExtrasAreDroppedAndNamedThinkingIsCarried) {
    QJsonObject chat;
    const QStringList dropped = droppedFrom(R"({"model":"m","max_tokens":5,
        "thinking":{"type":"enabled","budget_tokens":1024},
        "context_management":{"edits":[]},"output_config":{"effort":"high"},
        "messages":[{"role":"user","content":"a"},
          {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"s"},
                                         {"type":"redacted_thinking","data":"x"},
                                         {"type":"text","text":"b"}]}]})",
                                            &chat);
    EXPECT_EQ(dropped, QStringList({"context_management", "output_config"}));
    EXPECT_EQ(chat["thinking"].toObject(), json(R"({"type":"enabled","budget_tokens":1024})"));
    EXPECT_EQ(chat["messages"].toArray(), jsonArray(R"([{"role":"user","content":"a"},
        {"role":"assistant","content":"b","thinking_blocks":[
          {"type":"thinking","thinking":"hmm","signature":"s"},{"type":"redacted_thinking","data":"x"}]}])"));
}

TEST(MessagesRequestToChatErrors, TextBlockWithoutText) {
    EXPECT_EQ(
        errorFor(
            R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":7}]}]})"),
        "messages[0].content[0].text: expected a string");
}

TEST(MessagesRequestToChat, ImageWithFileSourceIsDroppedAndNamed) {
    EXPECT_EQ(droppedFrom(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"image","source":{"type":"file","file_id":"f"}}]}]})"),
              QStringList{"messages[0].content[0] (image source)"});
}

TEST(MessagesRequestToChatErrors, ImageWithoutData) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"image","source":{"type":"base64","media_type":"image/png"}}]}]})"),
              "messages[0].content[0].source.data: expected a string");
}

TEST(MessagesRequestToChatErrors, ToolUseWithoutId) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"assistant","content":[
        {"type":"tool_use","name":"f","input":{}}]}]})"),
              "messages[0].content[0].id: expected a string");
}

TEST(MessagesRequestToChatErrors, ToolUseInputNotAnObject) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"assistant","content":[
        {"type":"tool_use","id":"a","name":"f","input":"x"}]}]})"),
              "messages[0].content[0].input: expected an object");
}

TEST(MessagesRequestToChatErrors, ToolResultWithoutToolUseId) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"tool_result","content":"x"}]}]})"),
              "messages[0].content[0].tool_use_id: expected a string");
}

TEST(MessagesRequestToChat, ToolResultInnerBlockOfOtherTypeIsDroppedAndNamed) {
    EXPECT_EQ(droppedFrom(R"({"model":"m","messages":[{"role":"user","content":[
        {"type":"tool_result","tool_use_id":"a","content":[{"type":"document"}]}]}]})"),
              QStringList{"messages[0].content[0].content[0] (document)"});
}

TEST(MessagesRequestToChat, SystemBlockNotTextIsDroppedAndNamed) {
    EXPECT_EQ(droppedFrom(R"({"model":"m","messages":[],"system":[{"type":"image"}]})"),
              QStringList{"system[0] (image)"});
}

TEST(MessagesRequestToChatErrors, MaxTokensNotAPositiveInteger) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"max_tokens":1.5})"),
              "max_tokens: expected a positive integer");
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"max_tokens":0})"),
              "max_tokens: expected a positive integer");
}

TEST(MessagesRequestToChatErrors, TemperatureNotANumber) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"temperature":"hot"})"),
              "temperature: expected a number");
}

TEST(MessagesRequestToChatErrors, StopSequenceNotAString) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"stop_sequences":["a",1]})"),
              "stop_sequences[1]: expected a string");
}

TEST(MessagesRequestToChatErrors, ToolWithoutInputSchema) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"tools":[{"name":"f"}]})"),
              "tools[0].input_schema: expected an object");
}

TEST(MessagesRequestToChatErrors, UnknownToolChoiceType) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"tools":[{"name":"f","input_schema":{}}],
        "tool_choice":{"type":"sometimes"}})"),
              "tool_choice.type: expected \"auto\", \"any\", \"tool\" or \"none\"");
}

TEST(MessagesRequestToChatErrors, ToolChoiceToolWithoutName) {
    EXPECT_EQ(errorFor(R"({"model":"m","messages":[],"tools":[{"name":"f","input_schema":{}}],
        "tool_choice":{"type":"tool"}})"),
              "tool_choice.name: expected a string");
}
