#include "FakeResponses.h"

#include "FakeShapes.h"
#include "codecs/gemini/GeminiShared.h"
#include "providers/MockTool.h"
#include "translate/AnthropicTranslate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace gatehouse {

namespace fake {

const QString kToolArguments = QStringLiteral("{\"location\":\"Paris\",\"unit\":\"celsius\"}");

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList split(const QString &text, int count) {
    QStringList pieces;
    const qsizetype n = text.size();
    for (int i = 0; i < count; ++i) {
        const qsizetype from = n * i / count;
        const qsizetype to = n * (i + 1) / count;
        pieces << text.mid(from, to - from);
    }
    return pieces;
}

QByteArray dataEvent(const QJsonObject &o) {
    return "data: " + compact(o) + "\n\n";
}

QByteArray namedEvent(const QByteArray &name, const QJsonObject &o) {
    return "event: " + name + "\n" + dataEvent(o);
}

}  // namespace fake

using namespace fake;

namespace {

QString textOf(const QJsonValue &content) {
    if (content.isString()) return content.toString();
    QStringList parts;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject block = v.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text") || type == QLatin1String("input_text"))
            parts << block.value(QLatin1String("text")).toString();
        else if (type == QLatin1String("tool_result"))
            parts << textOf(block.value(QLatin1String("content")));
    }
    return parts.join(QLatin1Char(' '));
}

QString answerText(const FakeRequest &r) {
    if (!r.answer.isEmpty()) return r.answer;
    return QStringLiteral("echo: ") + r.userText;
}

QByteArray bodyWithText(FakeApi api, const FakeRequest &r, const QString &text,
                        const QByteArray &id, bool tool) {
    switch (api) {
        case FakeApi::ChatCompletions:
            return chatBody(r, text, id, tool);
        case FakeApi::Completions:
            return completionBody(r, text, id);
        case FakeApi::Embeddings:
            return embeddingsBody(r);
        case FakeApi::Messages:
            return messageBody(r, text, id, tool);
        case FakeApi::Gemini:
            return geminiBody(r, text, id, tool);
    }
    return {};
}

QByteArray brokenEvent(FakeApi api) {
    // Truncated JSON in a data field, then a line that is no SSE field at all.
    if (api == FakeApi::Messages)
        return "event: content_block_delta\n"
               "data: "
               "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_de\n\n"
               "not-an-sse-line\n\n";
    return "data: {\"id\":\"broken\",\"choices\":[{\"delta\":{\"content\":\"tru\n\n"
           "not-an-sse-line\n\n";
}

}  // namespace

int fakeTokenCount(const QString &text) {
    static thread_local const QRegularExpression spaces(QStringLiteral("\\s+"));
    return qMax(1, int(text.split(spaces, Qt::SkipEmptyParts).size()));
}

// An "agent" model acts as the mock provider's "tool" model does
// (providers/MockTool.h): it calls the tool the prompt names, then answers
// with the tool's result, so a real agent completes a round trip through
// a translated provider.
void readAgentTurn(FakeApi api, const QJsonObject &body, FakeRequest *r) {
    QJsonObject chat = body;
    if (api == FakeApi::Messages) {
        QString error;
        if (!anthropic::messagesRequestToChat(body, &chat, &error)) return;
    }
    if (const auto call = mockToolCall(chat)) {
        r->agentCalls = true;
        r->toolName = call->name;
        r->toolArguments = call->arguments;
        return;
    }
    r->answer = mockToolResultText(chat);
}

int fakeTruncatedPromptTokens(const QJsonObject &chatBody, int contextTokens) {
    static thread_local const QRegularExpression spaces(QStringLiteral("\\s+"));
    auto words = [](const QJsonValue &content) {
        return int(textOf(content).split(spaces, Qt::SkipEmptyParts).size());
    };
    const QJsonArray messages = chatBody.value(QLatin1String("messages")).toArray();
    int system = 0;
    QList<int> others;  // oldest first
    for (const QJsonValue &m : messages) {
        const QJsonObject message = m.toObject();
        const int n = words(message.value(QLatin1String("content")));
        if (message.value(QLatin1String("role")).toString() == QLatin1String("system"))
            system += n;
        else
            others << n;
    }
    int kept = system;
    for (qsizetype i = others.size() - 1; i >= 0; --i) {
        if (i < others.size() - 1 && kept + others[i] > contextTokens) break;
        kept += others[i];
    }
    return qMax(1, qMin(kept, contextTokens));
}

FakeRequest readFakeRequest(FakeApi api, const QJsonObject &body) {
    if (api == FakeApi::Gemini) {
        // Read as the chat request it stands for; the model and "stream"
        // are in the path (the caller sets them).
        QJsonObject chat;
        QStringList dropped;
        QString error;
        if (!gemini::requestToChat(body, body.value(QLatin1String("model")).toString(), false,
                                   &chat, &dropped, &error))
            return {};
        return readFakeRequest(FakeApi::ChatCompletions, chat);
    }
    FakeRequest r;
    r.model = body.value(QLatin1String("model")).toString().toUtf8();
    r.stream = body.value(QLatin1String("stream")).toBool();
    r.includeUsage = body.value(QLatin1String("stream_options"))
                         .toObject()
                         .value(QLatin1String("include_usage"))
                         .toBool();
    QStringList allText;
    if (api == FakeApi::ChatCompletions || api == FakeApi::Messages) {
        allText << textOf(body.value(QLatin1String("system")));
        for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray()) {
            const QJsonObject message = m.toObject();
            const QString text = textOf(message.value(QLatin1String("content")));
            allText << text;
            if (message.value(QLatin1String("role")).toString() == QLatin1String("user"))
                r.userText = text;
        }
        const QJsonObject tool = body.value(QLatin1String("tools")).toArray().first().toObject();
        const QString name = api == FakeApi::Messages ? tool.value(QLatin1String("name")).toString()
                                                      : tool.value(QLatin1String("function"))
                                                            .toObject()
                                                            .value(QLatin1String("name"))
                                                            .toString();
        if (!name.isEmpty()) r.toolName = name;
    } else if (api == FakeApi::Completions) {
        const QJsonValue prompt = body.value(QLatin1String("prompt"));
        r.userText = prompt.isArray() ? prompt.toArray().first().toString() : prompt.toString();
        allText << r.userText;
    } else {
        const QJsonValue input = body.value(QLatin1String("input"));
        if (input.isString()) {
            r.inputs << input.toString();
        } else {
            for (const QJsonValue &v : input.toArray())
                r.inputs << (v.isString() ? v.toString() : QString::number(v.toDouble()));
        }
        allText << r.inputs;
        r.dimensions = qBound(1, body.value(QLatin1String("dimensions")).toInt(8), 4096);
    }
    r.promptTokens = fakeTokenCount(allText.join(QLatin1Char(' ')));
    if (r.model.contains("agent") && (api == FakeApi::ChatCompletions || api == FakeApi::Messages))
        readAgentTurn(api, body, &r);
    return r;
}

QByteArray fakeErrorBody(FakeApi api, int status, const QString &message) {
    if (api == FakeApi::Gemini)
        return compact({{"error", QJsonObject{{"code", status},
                                              {"message", message},
                                              {"status", gemini::statusNameFor(status)}}}});
    if (api == FakeApi::Messages) {
        QString type =
            status >= 500 ? QStringLiteral("api_error") : QStringLiteral("invalid_request_error");
        if (status == 401) type = QStringLiteral("authentication_error");
        if (status == 403) type = QStringLiteral("permission_error");
        if (status == 404) type = QStringLiteral("not_found_error");
        if (status == 413) type = QStringLiteral("request_too_large");
        if (status == 429) type = QStringLiteral("rate_limit_error");
        if (status == 529) type = QStringLiteral("overloaded_error");
        return compact(
            {{"type", "error"}, {"error", QJsonObject{{"type", type}, {"message", message}}}});
    }
    QString type =
        status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request_error");
    QJsonValue code = QJsonValue::Null;
    if (status == 401) code = QStringLiteral("invalid_api_key");
    if (status == 429) {
        type = QStringLiteral("requests");
        code = QStringLiteral("rate_limit_exceeded");
    }
    return compact(
        {{"error",
          QJsonObject{
              {"message", message}, {"type", type}, {"param", QJsonValue::Null}, {"code", code}}}});
}

QByteArray fakeAnswerBody(FakeApi api, const FakeRequest &request, const FakeBehaviour &behaviour,
                          const QByteArray &id) {
    const QString text = answerText(request);
    const bool tool = behaviour.tool || request.agentCalls;
    QByteArray body = bodyWithText(api, request, text, id, tool);
    // Padding the text with ASCII adds exactly one byte per character to the JSON.
    if (behaviour.bigBytes > body.size() && api != FakeApi::Embeddings) {
        const QString padded = text + QString(qsizetype(behaviour.bigBytes - body.size()), 'x');
        body = bodyWithText(api, request, padded, id, tool);
    }
    return body;
}

QList<QList<QByteArray>> fakeStreamBatches(FakeApi api, const FakeRequest &request,
                                           const FakeBehaviour &behaviour, const QByteArray &id) {
    const QString text = answerText(request);
    // A drip stream runs until the client leaves; the cap only bounds memory.
    const QStringList pieces = behaviour.dripMs > 0 ? QStringList(1000, QStringLiteral("."))
                                                    : split(text, behaviour.streamEvents);
    StreamParts parts;
    switch (api) {
        case FakeApi::ChatCompletions:
            parts =
                openAiChatStream(request, pieces, text, id, behaviour.tool || request.agentCalls);
            break;
        case FakeApi::Completions:
            parts = openAiCompletionStream(request, pieces, text, id);
            break;
        case FakeApi::Messages:
            parts =
                anthropicStream(request, pieces, text, id, behaviour.tool || request.agentCalls);
            break;
        case FakeApi::Gemini:
            parts = geminiStream(request, pieces, text, id, behaviour.tool || request.agentCalls);
            break;
        case FakeApi::Embeddings:
            return {};
    }
    if (behaviour.brokenSse) parts.deltas.insert(1, brokenEvent(api));
    QList<QList<QByteArray>> batches;
    for (const QByteArray &delta : parts.deltas) batches.append(QList<QByteArray>{delta});
    batches.first() = parts.openers + batches.first();
    batches.last() += parts.closers;
    return batches;
}

QByteArray fakeModelsBody(bool anthropicShape) {
    const QStringList ids{QStringLiteral("fake-model"), QStringLiteral("fake-model-tool"),
                          QStringLiteral("fake-embedding")};
    QJsonArray data;
    for (const QString &id : ids) {
        if (anthropicShape)
            data.append(QJsonObject{{"type", "model"},
                                    {"id", id},
                                    {"display_name", id},
                                    {"created_at", "2024-01-01T00:00:00Z"}});
        else
            data.append(QJsonObject{{"id", id},
                                    {"object", "model"},
                                    {"created", kCreated},
                                    {"owned_by", "fake-upstream"}});
    }
    if (anthropicShape)
        return compact({{"data", data},
                        {"has_more", false},
                        {"first_id", ids.first()},
                        {"last_id", ids.last()}});
    return compact({{"object", "list"}, {"data", data}});
}

QByteArray fakeGeminiModelsBody() {
    auto model = [](const char *name, QJsonArray methods) {
        return QJsonObject{{"name", QStringLiteral("models/") + QLatin1String(name)},
                           {"displayName", name},
                           {"supportedGenerationMethods", methods}};
    };
    const QJsonArray chat{"generateContent", "countTokens"};
    return compact(
        {{"models", QJsonArray{model("gemini-fake-flash", chat), model("gemini-fake-pro", chat),
                               model("text-embedding-fake", QJsonArray{"embedContent"})}}});
}

QByteArray fakeMalformedJsonBody() {
    return "{\"id\":\"chatcmpl-malformed\",\"object\":\"chat.completion\",\"choices\":[{"
           "\"message\":"
           "{\"role\":\"assistant\",\"content\":\"trunc";
}

}  // namespace gatehouse
