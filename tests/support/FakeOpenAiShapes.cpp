// OpenAI-shaped answers: chat.completion, text_completion, embeddings, and
// their SSE chunk streams.
#include "FakeShapes.h"

#include <QJsonArray>

namespace gatehouse::fake {

namespace {

QJsonObject openAiUsage(int prompt, int completion) {
    return {{"prompt_tokens", prompt},
            {"completion_tokens", completion},
            {"total_tokens", prompt + completion}};
}

QJsonArray openAiToolCalls(const FakeRequest &r, const QByteArray &id) {
    return {QJsonObject{
        {"id", QStringLiteral("call_fake_%1").arg(QString::fromLatin1(id))},
        {"type", "function"},
        {"function", QJsonObject{{"name", r.toolName}, {"arguments", toolArguments(r)}}}}};
}

// A deterministic vector per input, so tests can compare embeddings.
QJsonArray embeddingOf(const QString &input, int dimensions) {
    quint32 state = quint32(qHash(input)) | 1u;
    QJsonArray v;
    for (int i = 0; i < dimensions; ++i) {
        state = state * 1664525u + 1013904223u;
        v.append(double(state >> 8) / double(1u << 24) * 2.0 - 1.0);
    }
    return v;
}

}  // namespace

QByteArray chatBody(const FakeRequest &r, const QString &text, const QByteArray &id, bool tool) {
    QJsonObject message{{"role", "assistant"}, {"content", text}};
    if (tool) message.insert("tool_calls", openAiToolCalls(r, id));
    return compact(
        {{"id", QStringLiteral("chatcmpl-fake-%1").arg(QString::fromLatin1(id))},
         {"object", "chat.completion"},
         {"created", kCreated},
         {"model", QString::fromUtf8(r.model)},
         {"system_fingerprint", "fp_fake"},
         {"choices", QJsonArray{QJsonObject{{"index", 0},
                                            {"message", message},
                                            {"logprobs", QJsonValue::Null},
                                            {"finish_reason", tool ? "tool_calls" : "stop"}}}},
         {"usage", openAiUsage(r.promptTokens, fakeTokenCount(text))}});
}

QByteArray completionBody(const FakeRequest &r, const QString &text, const QByteArray &id) {
    return compact({{"id", QStringLiteral("cmpl-fake-%1").arg(QString::fromLatin1(id))},
                    {"object", "text_completion"},
                    {"created", kCreated},
                    {"model", QString::fromUtf8(r.model)},
                    {"choices", QJsonArray{QJsonObject{{"text", text},
                                                       {"index", 0},
                                                       {"logprobs", QJsonValue::Null},
                                                       {"finish_reason", "stop"}}}},
                    {"usage", openAiUsage(r.promptTokens, fakeTokenCount(text))}});
}

QByteArray embeddingsBody(const FakeRequest &r) {
    QJsonArray data;
    for (int i = 0; i < r.inputs.size(); ++i)
        data.append(QJsonObject{{"object", "embedding"},
                                {"index", i},
                                {"embedding", embeddingOf(r.inputs[i], r.dimensions)}});
    return compact({{"object", "list"},
                    {"data", data},
                    {"model", QString::fromUtf8(r.model)},
                    {"usage", QJsonObject{{"prompt_tokens", r.promptTokens},
                                          {"total_tokens", r.promptTokens}}}});
}

StreamParts openAiChatStream(const FakeRequest &r, const QStringList &pieces, const QString &text,
                             const QByteArray &id, bool tool) {
    auto chunk = [&](const QJsonObject &delta, const QJsonValue &finish) {
        return dataEvent({{"id", QStringLiteral("chatcmpl-fake-%1").arg(QString::fromLatin1(id))},
                          {"object", "chat.completion.chunk"},
                          {"created", kCreated},
                          {"model", QString::fromUtf8(r.model)},
                          {"system_fingerprint", "fp_fake"},
                          {"choices", QJsonArray{QJsonObject{{"index", 0},
                                                             {"delta", delta},
                                                             {"logprobs", QJsonValue::Null},
                                                             {"finish_reason", finish}}}}});
    };
    StreamParts s;
    s.openers << chunk({{"role", "assistant"}, {"content", ""}}, QJsonValue::Null);
    for (const QString &p : pieces) s.deltas << chunk({{"content", p}}, QJsonValue::Null);
    if (tool) {
        QJsonObject first = openAiToolCalls(r, id).first().toObject();
        first.insert("index", 0);
        first.insert("function", QJsonObject{{"name", r.toolName}, {"arguments", ""}});
        s.closers << chunk({{"tool_calls", QJsonArray{first}}}, QJsonValue::Null);
        for (const QString &part : split(toolArguments(r), 2))
            s.closers << chunk(
                {{"tool_calls",
                  QJsonArray{
                      QJsonObject{{"index", 0}, {"function", QJsonObject{{"arguments", part}}}}}}},
                QJsonValue::Null);
    }
    s.closers << chunk({}, tool ? "tool_calls" : "stop");
    if (r.includeUsage)
        s.closers << dataEvent(
            {{"id", QStringLiteral("chatcmpl-fake-%1").arg(QString::fromLatin1(id))},
             {"object", "chat.completion.chunk"},
             {"created", kCreated},
             {"model", QString::fromUtf8(r.model)},
             {"choices", QJsonArray{}},
             {"usage", openAiUsage(r.promptTokens, fakeTokenCount(text))}});
    s.closers << "data: [DONE]\n\n";
    return s;
}

StreamParts openAiCompletionStream(const FakeRequest &r, const QStringList &pieces,
                                   const QString &text, const QByteArray &id) {
    auto chunk = [&](const QString &piece, const QJsonValue &finish) {
        return dataEvent({{"id", QStringLiteral("cmpl-fake-%1").arg(QString::fromLatin1(id))},
                          {"object", "text_completion"},
                          {"created", kCreated},
                          {"model", QString::fromUtf8(r.model)},
                          {"choices", QJsonArray{QJsonObject{{"text", piece},
                                                             {"index", 0},
                                                             {"logprobs", QJsonValue::Null},
                                                             {"finish_reason", finish}}}}});
    };
    StreamParts s;
    for (const QString &p : pieces) s.deltas << chunk(p, QJsonValue::Null);
    s.closers << chunk(QString(), "stop");
    if (r.includeUsage)
        s.closers << dataEvent({{"id", QStringLiteral("cmpl-fake-%1").arg(QString::fromLatin1(id))},
                                {"object", "text_completion"},
                                {"created", kCreated},
                                {"model", QString::fromUtf8(r.model)},
                                {"choices", QJsonArray{}},
                                {"usage", openAiUsage(r.promptTokens, fakeTokenCount(text))}});
    s.closers << "data: [DONE]\n\n";
    return s;
}

}  // namespace gatehouse::fake
