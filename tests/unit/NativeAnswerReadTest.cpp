// Each codec reads a provider's answer and stream in its own format (a
// native answer, relayed to the client as it is) into the canonical model
// for the postHooks, and says which providers take its format as it is.
#include "codecs/ClientCodec.h"
#include "http/SseParser.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

SseEvent event(const QByteArray &name, const QByteArray &data) {
    SseEvent e;
    e.event = name;
    e.data = data;
    return e;
}

// The text the canonical chunks carry, in order.
QString streamedText(const QList<QJsonObject> &chunks) {
    QString text;
    for (const QJsonObject &chunk : chunks)
        for (const auto &choice : chunk.value(QLatin1String("choices")).toArray())
            text += choice.toObject()
                        .value(QLatin1String("delta"))
                        .toObject()
                        .value(QLatin1String("content"))
                        .toString();
    return text;
}

QString answerText(const QJsonObject &chat) {
    return chat.value(QLatin1String("choices"))
        .toArray()
        .at(0)
        .toObject()
        .value(QLatin1String("message"))
        .toObject()
        .value(QLatin1String("content"))
        .toString();
}

}  // namespace

TEST(NativeAnswerRead, MessagesStreamIsReadEventByEvent) {
    auto reader = clientCodec(WireFormat::AnthropicMessages).nativeStreamReader("claude-x");
    ASSERT_TRUE(reader);
    QList<QJsonObject> chunks;
    chunks << reader->onEvent(event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":3}}})"));
    chunks << reader->onEvent(event(
        "content_block_start",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"));
    // No event name: the data's "type" names it.
    chunks << reader->onEvent(event(
        "",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})"));
    EXPECT_EQ(streamedText(chunks), QStringLiteral("Hello"));
    EXPECT_TRUE(reader->finalAnswer().isEmpty());
}

TEST(NativeAnswerRead, ResponsesStreamIsReadFromItsLastResponse) {
    auto reader = clientCodec(WireFormat::OpenAIResponses).nativeStreamReader("gpt-x");
    ASSERT_TRUE(reader);
    EXPECT_TRUE(reader->finalAnswer().isEmpty());  // nothing seen yet
    EXPECT_TRUE(reader
                    ->onEvent(event("response.created",
                                    R"({"type":"response.created","response":{"id":"resp_1",
                                    "status":"in_progress","model":"gpt-x","output":[]}})"))
                    .isEmpty());
    reader->onEvent(event("response.output_text.delta",
                          R"({"type":"response.output_text.delta","delta":"Hel"})"));
    reader->onEvent(event("response.completed", R"({"type":"response.completed","response":{
        "id":"resp_1","status":"completed","model":"gpt-x","output":[{"type":"message",
        "role":"assistant","content":[{"type":"output_text","text":"Hello"}]}]}})"));
    EXPECT_EQ(answerText(reader->finalAnswer()), QStringLiteral("Hello"));
}

TEST(NativeAnswerRead, GeminiStreamIsReadEventByEvent) {
    auto reader = clientCodec(WireFormat::Gemini).nativeStreamReader("gemini-x");
    ASSERT_TRUE(reader);
    const QList<QJsonObject> chunks = reader->onEvent(event(
        "",
        R"({"candidates":[{"index":0,"content":{"role":"model","parts":[{"text":"Hello"}]}}]})"));
    EXPECT_EQ(streamedText(chunks), QStringLiteral("Hello"));
}

TEST(NativeAnswerRead, WholeAnswersBecomeChatCompletions) {
    EXPECT_EQ(
        answerText(clientCodec(WireFormat::AnthropicMessages)
                       .nativeAnswerToChat(R"({"id":"msg_1","type":"message","role":"assistant",
                                 "model":"claude-x","content":[{"type":"text","text":"Hello"}],
                                 "stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}})",
                                           "claude-x")),
        QStringLiteral("Hello"));
    EXPECT_EQ(
        answerText(clientCodec(WireFormat::OpenAIResponses)
                       .nativeAnswerToChat(R"({"id":"resp_1","status":"completed","model":"gpt-x",
                                 "output":[{"type":"message","role":"assistant",
                                 "content":[{"type":"output_text","text":"Hello"}]}]})",
                                           "gpt-x")),
        QStringLiteral("Hello"));
    EXPECT_EQ(
        answerText(clientCodec(WireFormat::Gemini)
                       .nativeAnswerToChat(R"({"candidates":[{"index":0,"content":{"role":"model",
                                 "parts":[{"text":"Hello"}]},"finishReason":"STOP"}]})",
                                           "gemini-x")),
        QStringLiteral("Hello"));
}

TEST(NativeAnswerRead, ChatIsTheCanonicalFormatWithNoNativeStream) {
    const ClientCodec &chat = clientCodec(WireFormat::OpenAIChat);
    EXPECT_TRUE(chat.isCanonical());
    EXPECT_FALSE(chat.nativeStreamReader("m"));
    EXPECT_FALSE(clientCodec(WireFormat::AnthropicMessages).isCanonical());
}

TEST(NativeAnswerRead, ACodecSpeaksNativelyToProvidersOfItsFormat) {
    const WireFormats openai = wireFormatBit(WireFormat::OpenAIChat);
    const WireFormats openaiResponses = openai | wireFormatBit(WireFormat::OpenAIResponses);
    ClientCall call;
    EXPECT_TRUE(clientCodec(WireFormat::OpenAIChat).speaksNatively(openai, false, call));
    EXPECT_FALSE(clientCodec(WireFormat::OpenAIResponses).speaksNatively(openai, false, call));
    EXPECT_TRUE(
        clientCodec(WireFormat::OpenAIResponses).speaksNatively(openaiResponses, true, call));
    EXPECT_FALSE(clientCodec(WireFormat::AnthropicMessages).speaksNatively(openai, false, call));
    // Gemini's stream as a JSON array (no ?alt=sse) is translated.
    const ClientCodec &gemini = clientCodec(WireFormat::Gemini);
    const WireFormats google = wireFormatBit(WireFormat::Gemini);
    EXPECT_TRUE(gemini.speaksNatively(google, true, call));
    call.sse = false;
    EXPECT_FALSE(gemini.speaksNatively(google, true, call));
    EXPECT_TRUE(gemini.speaksNatively(google, false, call));
    EXPECT_TRUE(gemini.modelInPath());
}
