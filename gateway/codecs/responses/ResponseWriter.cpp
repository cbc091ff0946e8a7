// A canonical chat answer written straight out as a Responses API response
// object. Building the object as QJsonObjects first and serialising it cost
// ~200k instructions per request (Qt 6.4's QJsonObject inserts; callgrind),
// four times the whole pass-through request; writing the bytes directly
// costs a small fraction of that.
#include "ResponseWriter.h"
#include "JsonMembers.h"
#include "ResponsesShared.h"

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QJsonArray>
#include <cstring>

namespace gatehouse::responses {

namespace {

class Writer {
public:
    explicit Writer(QByteArray *out) : out_(out) {}
    // ,"key":  (the comma only after a first member), one append: the
    // literal's length is known, no strlen and no growth step per piece.
    template <std::size_t N>
    Writer &key(const char (&name)[N]) {
        char text[N + 3];
        qsizetype n = 0;
        if (!first_) text[n++] = ',';
        first_ = false;
        text[n++] = '"';
        std::memcpy(text + n, name, N - 1);
        n += qsizetype(N - 1);
        text[n++] = '"';
        text[n++] = ':';
        appendBytes(*out_, text, n);
        return *this;
    }
    Writer &key(QByteArrayView name) {
        appendBytes(*out_, first_ ? QByteArrayView("\"") : QByteArrayView(",\""));
        first_ = false;
        appendBytes(*out_, name);
        appendBytes(*out_, "\":");
        return *this;
    }
    Writer &newItemId(const char *prefix) {
        appendNewItemId(*out_, prefix);
        return *this;
    }
    Writer &string(QStringView text) {
        appendJsonString(*out_, text);
        return *this;
    }
    Writer &text(const AnswerText &text) {
        text.appendJsonTo(*out_);
        return *this;
    }
    Writer &raw(const char *json) {
        appendBytes(*out_, json);
        return *this;
    }
    Writer &raw(QByteArrayView json) {
        appendBytes(*out_, json);
        return *this;
    }
    // A literal's bytes, its length known at compile time.
    template <std::size_t N>
    Writer &literal(const char (&json)[N]) {
        appendBytes(*out_, json, qsizetype(N - 1));
        return *this;
    }
    Writer &number(qint64 n) {
        appendDecimal(*out_, n);
        return *this;
    }
    Writer &value(const QJsonValue &v) {
        appendCompactJson(*out_, v);
        return *this;
    }
    void open() {
        appendBytes(*out_, "{");
        first_ = true;
    }
    void close() {
        appendBytes(*out_, "}");
        first_ = false;
    }

private:
    QByteArray *out_;
    bool first_ = true;
};

void writeUsage(Writer &w, const UsageCounts &c) {
    w.literal("{\"input_tokens\":").number(c.input);
    w.literal(",\"input_tokens_details\":{\"cached_tokens\":").number(c.cached);
    w.literal("},\"output_tokens\":").number(c.output);
    w.literal(",\"output_tokens_details\":{\"reasoning_tokens\":").number(c.reasoning);
    w.literal("},\"total_tokens\":").number(c.total).literal("}");
}

// The response's status and incomplete_details for a chat finish_reason,
// as JSON text (statusFor's, without a QString and a QJsonObject made per
// answer).
struct StatusText {
    QByteArrayView status, incompleteDetails;
};

StatusText statusTextFor(const QString &finishReason) {
    if (finishReason == QLatin1String("length"))
        return {"\"incomplete\"", "{\"reason\":\"max_output_tokens\"}"};
    if (finishReason == QLatin1String("content_filter"))
        return {"\"incomplete\"", "{\"reason\":\"content_filter\"}"};
    return {"\"completed\"", "null"};
}

void writeOutput(QByteArray *out, const ChatAnswer &answer, const CodecContext &context,
                 QByteArrayView messageStatus) {
    appendBytes(*out, "[");
    bool firstItem = true;
    auto item = [&] {
        if (!firstItem) appendBytes(*out, ",");
        firstItem = false;
        Writer w(out);
        w.open();
        return w;
    };
    const AnswerText &reasoning = answer.reasoning;
    if (!reasoning.isEmpty()) {
        Writer w = item();
        w.key("type").literal("\"reasoning\"").key("id").newItemId("rs_");
        w.key("summary")
            .literal("[{\"type\":\"summary_text\",\"text\":")
            .text(reasoning)
            .literal("}]");
        w.close();
    }
    const AnswerText &text = answer.content;
    const AnswerText &refusal = answer.refusal;
    const QJsonArray &calls = answer.toolCalls;
    if (!text.isEmpty() || !refusal.isEmpty() || calls.isEmpty()) {
        Writer w = item();
        w.key("type").literal("\"message\"").key("id").newItemId("msg_");
        w.key("status").raw(messageStatus).key("role").literal("\"assistant\"");
        w.key("content").literal("[");
        if (!text.isEmpty() || refusal.isEmpty())
            w.literal("{\"type\":\"output_text\",\"text\":")
                .text(text)
                .literal(",\"annotations\":[],\"logprobs\":[]}");
        if (!refusal.isEmpty())
            w.raw(text.isEmpty() ? "" : ",")
                .literal("{\"type\":\"refusal\",\"refusal\":")
                .text(refusal)
                .literal("}");
        w.literal("]");
        w.close();
    }
    for (const QJsonValue &c : calls) {
        const QJsonObject call = c.toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        QString callId = call.value(QLatin1String("id")).toString();
        if (callId.isEmpty()) callId = newItemId("call_");
        const QString name = function.value(QLatin1String("name")).toString();
        const QString arguments = function.value(QLatin1String("arguments")).toString();
        const bool custom = isCustomTool(context, name);
        Writer w = item();
        w.key("type").raw(custom ? "\"custom_tool_call\"" : "\"function_call\"");
        w.key("id").newItemId("fc_").key("status").literal("\"completed\"");
        w.key("call_id").string(callId).key("name").string(name);
        if (custom)
            w.key("input").string(customInput(arguments));
        else
            w.key("arguments").string(arguments);
        w.close();
    }
    appendBytes(*out, "]");
}

}  // namespace

ChatAnswer chatAnswerOf(const QJsonObject &chat) {
    const QJsonObject choice = chat.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonObject message = choice.value(QLatin1String("message")).toObject();
    ChatAnswer a;
    a.id = chat.value(QLatin1String("id")).toString();
    a.model = chat.value(QLatin1String("model")).toString();
    a.created = chat.value(QLatin1String("created")).toInteger(nowSeconds());
    a.finishReason = choice.value(QLatin1String("finish_reason")).toString();
    a.content = message.value(QLatin1String("content")).toString();
    a.refusal = message.value(QLatin1String("refusal")).toString();
    a.reasoning = message.value(QLatin1String("reasoning_content")).toString();
    a.toolCalls = message.value(QLatin1String("tool_calls")).toArray();
    const QJsonValue usage = chat.value(QLatin1String("usage"));
    a.hasUsage = usage.isObject();
    if (a.hasUsage) a.usage = usageCounts(usage.toObject());
    return a;
}

QByteArray writeResponse(const QJsonObject &chat, const CodecContext &context, QString *idOut) {
    return writeResponse(chatAnswerOf(chat), context, idOut);
}

QByteArray writeResponse(const ChatAnswer &answer, const CodecContext &context, QString *idOut) {
    // (A decoded request's context always has its id.)
    const QString id = !context.responseId.isEmpty() ? context.responseId : newResponseId();
    if (idOut) *idOut = id;
    const StatusText status = statusTextFor(answer.finishReason);

    QByteArray out;
    out.reserve(1024);
    Writer w(&out);
    w.open();
    w.key("id").string(id).key("object").literal("\"response\"");
    w.key("created_at").number(answer.created);
    w.key("status").raw(status.status);
    w.key("model").text(answer.model);
    w.key("output");
    writeOutput(&out, answer, context, status.status);
    w.key("usage");
    if (answer.hasUsage)
        writeUsage(w, answer.usage);
    else
        w.literal("null");
    w.key("error").literal("null").key("incomplete_details").raw(status.incompleteDetails);
    // What the response echoes of its request, with the defaults SDKs read:
    // written by the byte path's decoder as the request wrote it
    // (requestToChatBytes), copied here without its braces.
    if (context.echoJson.size() > 2) {
        appendBytes(out, ",");
        appendBytes(out, QByteArrayView(context.echoJson).sliced(1, context.echoJson.size() - 2));
        w.close();
        return out;
    }
    const QJsonObject &echo = context.echo;
    for (const EchoedField &f : kEchoedFields) {
        const QJsonValue v =
            echo.isEmpty() ? QJsonValue(QJsonValue::Undefined) : echo.value(QLatin1String(f.key));
        if (!v.isUndefined())
            w.key(QByteArrayView(f.key)).value(v);
        else if (f.whenAbsent)
            w.key(QByteArrayView(f.key)).raw(f.whenAbsent);
    }
    w.close();
    return out;
}

}  // namespace gatehouse::responses
