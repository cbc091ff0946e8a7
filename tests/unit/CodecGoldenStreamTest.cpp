// Each client format's stream for one fixed canonical stream (reasoning,
// text, a tool call split over deltas, usage), compared with a golden file
// in tests/unit/golden/. Generated ids and times are normalised first.
// After a deliberate change, rewrite the files with
//   GATEHOUSE_UPDATE_GOLDEN=1 build/tests/gatehouse_unit_tests --gtest_filter='CodecGolden*'
// and review the diff.
#include "codecs/ClientCodec.h"

#include "JsonTestUtil.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QRegularExpression>

using namespace gatehouse;
using gatehouse::test::json;

namespace {

QList<QJsonObject> canonicalStream() {
    const char *chunks[] = {
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"reasoning_content":"Let me think."},"finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"content":" world"},"finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function",
            "function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},
            "finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},
            "finish_reason":null}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",
            "choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})",
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],
            "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12,
                     "completion_tokens_details":{"reasoning_tokens":3}}})",
    };
    QList<QJsonObject> out;
    for (const char *c : chunks) out.append(json(c));
    return out;
}

QByteArray normalised(QByteArray bytes) {
    QString text = QString::fromUtf8(bytes);
    static const QRegularExpression ids(
        QStringLiteral("\\b(resp|msg|fc|rs|call|chatcmpl|toolu)_[0-9A-Za-z]{12,}"));
    static const QRegularExpression times(QStringLiteral("\"(created_at|created)\":[0-9]+"));
    text.replace(ids, QStringLiteral("\\1_ID"));
    text.replace(times, QStringLiteral("\"\\1\":0"));
    return text.toUtf8();
}

void compareWithGolden(const QString &name, WireFormat format, const ClientCall &call) {
    const ClientCodec &codec = clientCodec(format);
    DecodedRequest decoded;
    QString error;
    // The context a request of this format leaves (e.g. Gemini's array mode).
    const QJsonObject request =
        format == WireFormat::Gemini ? json(R"({"contents":[{"parts":[{"text":"hi"}]}]})")
        : format == WireFormat::OpenAIResponses
            ? json(R"({"model":"m","input":"hi","store":false})")
            : json(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})");
    ASSERT_TRUE(codec.decodeRequest(request, call, &decoded, &error)) << error.toStdString();
    auto encoder = codec.streamEncoder(QStringLiteral("m"), decoded.context, ClientCall());
    QByteArray out;
    for (const QJsonObject &chunk : canonicalStream()) out += encoder->onChunk(chunk);
    out += encoder->finish();
    out = normalised(out);
    const QString path = QStringLiteral(GATEHOUSE_GOLDEN_DIR "/") + name;
    QFile file(path);
    if (qEnvironmentVariableIsSet("GATEHOUSE_UPDATE_GOLDEN")) {
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(out);
        return;
    }
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    EXPECT_EQ(out.toStdString(), file.readAll().toStdString()) << name.toStdString();
}

}  // namespace

TEST(CodecGoldenStream, OpenAIChat) {
    compareWithGolden("chat-stream.txt", WireFormat::OpenAIChat, {});
}

TEST(CodecGoldenStream, AnthropicMessages) {
    compareWithGolden("messages-stream.txt", WireFormat::AnthropicMessages, {});
}

TEST(CodecGoldenStream, OpenAIResponses) {
    compareWithGolden("responses-stream.txt", WireFormat::OpenAIResponses, {});
}

TEST(CodecGoldenStream, GeminiServerSentEvents) {
    ClientCall call;
    call.pathModel = QStringLiteral("mock/echo");
    call.pathStreams = true;
    compareWithGolden("gemini-stream-sse.txt", WireFormat::Gemini, call);
}

TEST(CodecGoldenStream, GeminiJsonArray) {
    ClientCall call;
    call.pathModel = QStringLiteral("mock/echo");
    call.pathStreams = true;
    call.sse = false;
    compareWithGolden("gemini-stream-array.txt", WireFormat::Gemini, call);
}
