// Non-streaming responses in both directions, and Anthropic error bodies.
#include <gtest/gtest.h>

#include "JsonTestUtil.h"
#include "translate/AnthropicTranslate.h"

using gatehouse::test::json;
using gatehouse::test::jsonArray;
namespace anthropic = gatehouse::anthropic;

namespace {

QJsonObject completion(
    const char *message, const char *finishReason,
    const char *usage = R"({"prompt_tokens":10,"completion_tokens":5,"total_tokens":15})") {
    return json(
        QByteArray(
            R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-x",)") +
        R"("choices":[{"index":0,"message":)" + message + R"(,"finish_reason":)" + finishReason +
        R"(}],"usage":)" + usage + "}");
}

QJsonObject message(const char *content, const char *stopReason,
                    const char *usage = R"({"input_tokens":10,"output_tokens":5})") {
    return json(
        QByteArray(R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-x",)") +
        R"("content":)" + content + R"(,"stop_reason":)" + stopReason +
        R"(,"stop_sequence":null,"usage":)" + usage + "}");
}

}  // namespace

TEST(ChatResponseToMessages, TextReplyBecomesMessage) {
    EXPECT_EQ(anthropic::chatResponseToMessages(
                  completion(R"({"role":"assistant","content":"Hi!"})", R"("stop")")),
              json(R"({"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt-x",
                  "content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn","stop_sequence":null,
                  "usage":{"input_tokens":10,"output_tokens":5}})"));
}

TEST(ChatResponseToMessages, ToolCallsBecomeToolUseBlocks) {
    const QJsonObject out =
        anthropic::chatResponseToMessages(completion(R"({"role":"assistant","content":"On it.",
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":[1]}"}},
                      {"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]})",
                                                     R"("tool_calls")"));
    EXPECT_EQ(out["content"].toArray(), jsonArray(R"([{"type":"text","text":"On it."},
        {"type":"tool_use","id":"call_1","name":"f","input":{"a":[1]}},
        {"type":"tool_use","id":"call_2","name":"g","input":{}}])"));
    EXPECT_EQ(out["stop_reason"], "tool_use");
}

TEST(ChatResponseToMessages, NullContentWithToolCallsHasOnlyToolUse) {
    const QJsonObject out =
        anthropic::chatResponseToMessages(completion(R"({"role":"assistant","content":null,
        "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]})",
                                                     R"("tool_calls")"));
    EXPECT_EQ(out["content"].toArray(),
              jsonArray(R"([{"type":"tool_use","id":"c","name":"f","input":{}}])"));
}

TEST(ChatResponseToMessages, UnparsableArgumentsBecomeEmptyInput) {
    const QJsonObject out = anthropic::chatResponseToMessages(completion(R"({"role":"assistant",
        "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]})",
                                                                         R"("tool_calls")"));
    EXPECT_EQ(out["content"].toArray(),
              jsonArray(R"([{"type":"tool_use","id":"c","name":"f","input":{}}])"));
}

TEST(ChatResponseToMessages, ToolCallsWithFinishReasonStopStillSayToolUse) {
    const QJsonObject out = anthropic::chatResponseToMessages(completion(R"({"role":"assistant",
        "tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]})",
                                                                         R"("stop")"));
    EXPECT_EQ(out["stop_reason"], "tool_use");
}

TEST(ChatResponseToMessages, ToolCallWithoutIdGetsOne) {
    const QJsonObject out = anthropic::chatResponseToMessages(completion(R"({"role":"assistant",
        "tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]})",
                                                                         R"("tool_calls")"));
    EXPECT_TRUE(out["content"][0]["id"].toString().startsWith("toolu_"));
}

TEST(ChatResponseToMessages, LengthBecomesMaxTokens) {
    EXPECT_EQ(anthropic::chatResponseToMessages(completion(R"({"role":"assistant","content":"a"})",
                                                           R"("length")"))["stop_reason"],
              "max_tokens");
}

TEST(ChatResponseToMessages, ContentFilterBecomesRefusal) {
    EXPECT_EQ(anthropic::chatResponseToMessages(completion(R"({"role":"assistant","content":""})",
                                                           R"("content_filter")"))["stop_reason"],
              "refusal");
}

TEST(ChatResponseToMessages, MissingFinishReasonBecomesEndTurn) {
    EXPECT_EQ(anthropic::chatResponseToMessages(
                  completion(R"({"role":"assistant","content":"a"})", "null"))["stop_reason"],
              "end_turn");
}

TEST(ChatResponseToMessages, RefusalBecomesTextWithRefusalStopReason) {
    const QJsonObject out = anthropic::chatResponseToMessages(completion(
        R"({"role":"assistant","content":null,"refusal":"I can't help with that."})", R"("stop")"));
    EXPECT_EQ(out["content"].toArray(),
              jsonArray(R"([{"type":"text","text":"I can't help with that."}])"));
    EXPECT_EQ(out["stop_reason"], "refusal");
}

TEST(ChatResponseToMessages, EmptyReplyHasEmptyContent) {
    EXPECT_EQ(anthropic::chatResponseToMessages(
                  completion(R"({"role":"assistant","content":""})", R"("stop")"))["content"]
                  .toArray(),
              QJsonArray());
}

TEST(ChatResponseToMessages, CachedPromptTokensBecomeCacheReads) {
    const QJsonObject out = anthropic::chatResponseToMessages(completion(
        R"({"role":"assistant","content":"a"})", R"("stop")",
        R"({"prompt_tokens":100,"completion_tokens":7,"total_tokens":107,"prompt_tokens_details":{"cached_tokens":60}})"));
    EXPECT_EQ(out["usage"].toObject(),
              json(R"({"input_tokens":40,"output_tokens":7,"cache_read_input_tokens":60})"));
}

TEST(ChatResponseToMessages, MissingIdGetsMessageId) {
    QJsonObject chat = completion(R"({"role":"assistant","content":"a"})", R"("stop")");
    chat.remove("id");
    EXPECT_TRUE(anthropic::chatResponseToMessages(chat)["id"].toString().startsWith("msg_"));
}

TEST(ChatResponseToMessages, NoChoicesGivesEmptyEndTurnMessage) {
    const QJsonObject out =
        anthropic::chatResponseToMessages(json(R"({"id":"x","model":"m","choices":[]})"));
    EXPECT_EQ(out["content"].toArray(), QJsonArray());
    EXPECT_EQ(out["stop_reason"], "end_turn");
    EXPECT_EQ(out["usage"].toObject(), json(R"({"input_tokens":0,"output_tokens":0})"));
}

TEST(MessagesResponseToChat, TextReplyBecomesCompletion) {
    QJsonObject out = anthropic::messagesResponseToChat(
        message(R"([{"type":"text","text":"Hi!"}])", R"("end_turn")"));
    EXPECT_GT(out["created"].toInteger(), 1700000000);
    out.remove("created");
    EXPECT_EQ(out, json(R"({"id":"msg_1","object":"chat.completion","model":"claude-x",
        "choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"logprobs":null,"finish_reason":"stop"}],
        "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}})"));
}

TEST(MessagesResponseToChat, TextBlocksConcatenate) {
    const QJsonObject out = anthropic::messagesResponseToChat(message(
        R"([{"type":"text","text":"The sky "},{"type":"text","text":"is blue","citations":[]}])",
        R"("end_turn")"));
    EXPECT_EQ(out["choices"][0]["message"]["content"], "The sky is blue");
}

TEST(MessagesResponseToChat, ToolUseBecomesToolCalls) {
    const QJsonObject out =
        anthropic::messagesResponseToChat(message(R"([{"type":"text","text":"Checking."},
        {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}},
        {"type":"tool_use","id":"toolu_2","name":"now","input":{}}])",
                                                  R"("tool_use")"));
    EXPECT_EQ(out["choices"][0]["message"].toObject(),
              json(R"({"role":"assistant","content":"Checking.",
        "tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
                      {"id":"toolu_2","type":"function","function":{"name":"now","arguments":"{}"}}]})"));
    EXPECT_EQ(out["choices"][0]["finish_reason"], "tool_calls");
}

TEST(MessagesResponseToChat, OnlyToolUseGivesNullContent) {
    const QJsonObject out = anthropic::messagesResponseToChat(
        message(R"([{"type":"tool_use","id":"t","name":"f","input":{}}])", R"("tool_use")"));
    EXPECT_TRUE(out["choices"][0]["message"]["content"].isNull());
}

// The text of the thinking is the reasoning clients show; the signed and
// redacted blocks go along as they came, for clients that replay them.
TEST(MessagesResponseToChat, ThinkingBecomesReasoningContentAndSignedBlocks) {
    const QJsonObject out = anthropic::messagesResponseToChat(
        message(R"([{"type":"thinking","thinking":"Let me see.","signature":"s"},
                    {"type":"redacted_thinking","data":"x"},{"type":"text","text":"42"}])",
                R"("end_turn")"));
    EXPECT_EQ(out["choices"][0]["message"].toObject(),
              json(R"({"role":"assistant","content":"42","reasoning_content":"Let me see.",
                "thinking_blocks":[{"type":"thinking","thinking":"Let me see.","signature":"s"},
                                   {"type":"redacted_thinking","data":"x"}]})"));
}

TEST(MessagesResponseToChat, CacheTokensCountAsPromptTokens) {
    const QJsonObject out = anthropic::messagesResponseToChat(message(
        "[]", R"("end_turn")",
        R"({"input_tokens":5,"cache_read_input_tokens":100,"cache_creation_input_tokens":20,"output_tokens":3})"));
    // Cache writes keep their own count: they are priced above plain input.
    EXPECT_EQ(out["usage"].toObject(), json(R"({"prompt_tokens":125,"completion_tokens":3,
        "total_tokens":128,"prompt_tokens_details":{"cached_tokens":100},
        "cache_creation_input_tokens":20})"));
}

struct StopReasonCase {
    const char *stopReason;
    const char *finishReason;
};

void PrintTo(const StopReasonCase &c, std::ostream *os) {
    *os << c.stopReason;
}

class StopReasonToFinishReason : public testing::TestWithParam<StopReasonCase> {};

TEST_P(StopReasonToFinishReason, Maps) {
    const QJsonObject in{{"content", QJsonArray()}, {"stop_reason", GetParam().stopReason}};
    EXPECT_EQ(anthropic::messagesResponseToChat(in)["choices"][0]["finish_reason"].toString(),
              GetParam().finishReason);
}

INSTANTIATE_TEST_SUITE_P(
    AllReasons, StopReasonToFinishReason,
    testing::Values(StopReasonCase{"end_turn", "stop"}, StopReasonCase{"stop_sequence", "stop"},
                    StopReasonCase{"max_tokens", "length"},
                    StopReasonCase{"tool_use", "tool_calls"},
                    StopReasonCase{"refusal", "content_filter"},
                    StopReasonCase{"pause_turn", "stop"},
                    StopReasonCase{"model_context_window_exceeded", "length"}));

TEST(ResponseRoundTrip, ChatCompletionSurvivesAnthropicAndBack) {
    QJsonObject original = completion(R"({"role":"assistant","content":"Sure.",
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]})",
                                      R"("tool_calls")");
    original["choices"] = jsonArray(R"([{"index":0,"logprobs":null,"finish_reason":"tool_calls",
        "message":{"role":"assistant","content":"Sure.",
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}}])");
    QJsonObject back =
        anthropic::messagesResponseToChat(anthropic::chatResponseToMessages(original));
    back["created"] = 1;
    EXPECT_EQ(back, original);
}

TEST(ResponseRoundTrip, AnthropicMessageSurvivesChatAndBack) {
    const QJsonObject original = message(R"([{"type":"text","text":"Sure."},
        {"type":"tool_use","id":"toolu_1","name":"f","input":{"a":{"b":[true,null]}}}])",
                                         R"("tool_use")");
    EXPECT_EQ(anthropic::chatResponseToMessages(anthropic::messagesResponseToChat(original)),
              original);
}

struct ErrorCase {
    int status;
    const char *type;
};

void PrintTo(const ErrorCase &c, std::ostream *os) {
    *os << c.status;
}

class ErrorBodyType : public testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorBodyType, MatchesStatus) {
    EXPECT_EQ(
        anthropic::errorBody(GetParam().status, "boom"),
        (QJsonObject{{"type", "error"},
                     {"error", QJsonObject{{"type", GetParam().type}, {"message", "boom"}}}}));
}

INSTANTIATE_TEST_SUITE_P(
    AllStatuses, ErrorBodyType,
    testing::Values(ErrorCase{400, "invalid_request_error"}, ErrorCase{401, "authentication_error"},
                    ErrorCase{403, "permission_error"}, ErrorCase{404, "not_found_error"},
                    ErrorCase{413, "request_too_large"}, ErrorCase{429, "rate_limit_error"},
                    ErrorCase{529, "overloaded_error"}, ErrorCase{500, "api_error"},
                    ErrorCase{502, "api_error"}, ErrorCase{503, "api_error"},
                    ErrorCase{422, "invalid_request_error"}));

TEST(ErrorMessageFrom, ReadsAnthropicErrorMessage) {
    EXPECT_EQ(
        anthropic::errorMessageFrom(
            json(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")),
        "Overloaded");
}

TEST(ErrorMessageFrom, ReadsBackErrorBody) {
    EXPECT_EQ(anthropic::errorMessageFrom(anthropic::errorBody(429, "slow down")), "slow down");
}

TEST(ErrorMessageFrom, FallsBackToErrorType) {
    EXPECT_EQ(anthropic::errorMessageFrom(json(R"({"type":"error","error":{"type":"api_error"}})")),
              "api_error");
}

TEST(ErrorMessageFrom, AcceptsPlainStringError) {
    EXPECT_EQ(anthropic::errorMessageFrom(json(R"({"error":"bad gateway"})")), "bad gateway");
}

TEST(ErrorMessageFrom, EmptyForBodiesWithoutError) {
    EXPECT_EQ(anthropic::errorMessageFrom(json(R"({"type":"message","content":[]})")), "");
}
