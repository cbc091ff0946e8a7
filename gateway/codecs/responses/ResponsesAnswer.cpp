// Canonical chat answers -> Responses API response objects.
#include "ResponsesAnswer.h"
#include "ResponseMemory.h"
#include "ResponseWriter.h"
#include "ResponsesShared.h"

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <cstring>

namespace gatehouse::responses {

const EchoedField kEchoedFields[13] = {
    {"instructions", "null"},
    {"tools", "[]"},
    {"tool_choice", "\"auto\""},
    {"parallel_tool_calls", "true"},
    {"metadata", "{}"},
    {"previous_response_id", "null"},
    {"text", "{\"format\":{\"type\":\"text\"}}"},
    {"max_output_tokens", nullptr},
    {"temperature", nullptr},
    {"top_p", nullptr},
    {"reasoning", nullptr},
    {"store", nullptr},
    {"user", nullptr},
};

namespace {

// `prefix` and `digits` (ASCII) as one QString, written in place: no
// temporary strings for the concatenation.
QString idOf(const char *prefix, const char *digits, qsizetype count) {
    const qsizetype prefixLength = qsizetype(std::strlen(prefix));
    QString id(prefixLength + count, Qt::Uninitialized);
    QChar *out = id.data();
    for (qsizetype i = 0; i < prefixLength; ++i) out[i] = QLatin1Char(prefix[i]);
    for (qsizetype i = 0; i < count; ++i) out[prefixLength + i] = QLatin1Char(digits[i]);
    return id;
}

}  // namespace

namespace {

// 16 hex digits random per process, then 10 of a counter: unique without a
// random number (a system call) per id.
void newItemDigits(char (&digits)[26]) {
    static const quint64 process = QRandomGenerator::system()->generate64() | (1ULL << 63);
    static QAtomicInteger<quint64> counter = 0;
    const quint64 n = counter.fetchAndAddRelaxed(1) + 1;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) digits[i] = hex[(process >> (60 - 4 * i)) & 0xf];
    for (int i = 0; i < 10; ++i) digits[16 + i] = hex[(n >> (36 - 4 * i)) & 0xf];
}

}  // namespace

QString newItemId(const char *prefix) {
    char digits[26];
    newItemDigits(digits);
    return idOf(prefix, digits, sizeof digits);
}

void appendNewItemId(QByteArray &out, const char *prefix) {
    char text[40];
    const qsizetype prefixLength = qsizetype(std::strlen(prefix));
    Q_ASSERT(prefixLength + 28 <= qsizetype(sizeof text));
    char digits[26];
    newItemDigits(digits);
    text[0] = '"';
    std::memcpy(text + 1, prefix, size_t(prefixLength));
    std::memcpy(text + 1 + prefixLength, digits, sizeof digits);
    text[1 + prefixLength + sizeof digits] = '"';
    appendBytes(out, text, prefixLength + qsizetype(sizeof digits) + 2);
}

QString newResponseId() {
    // The system generator's bytes, read 4 KiB at a time per thread: one
    // getrandom() call per 256 ids instead of one per request.
    struct Pool {
        quint64 words[512];
        int used = 512;
    };
    thread_local Pool pool;
    if (pool.used + 2 > 512) {
        QRandomGenerator::system()->fillRange(pool.words);
        pool.used = 0;
    }
    // 12 hex digits of the time in ms, then 80 random bits: ids made later
    // sort later, so the store's primary key grows at its end (a random key
    // rewrote a random page of its index per saved response).
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    const quint64 random[2] = {pool.words[pool.used], pool.words[pool.used + 1]};
    pool.used += 2;
    static const char hex[] = "0123456789abcdef";
    char digits[32];
    for (int i = 0; i < 12; ++i) digits[i] = hex[(ms >> (44 - 4 * i)) & 0xf];
    for (int i = 0; i < 16; ++i) digits[12 + i] = hex[(random[0] >> (60 - 4 * i)) & 0xf];
    for (int i = 0; i < 4; ++i) digits[28 + i] = hex[(random[1] >> (12 - 4 * i)) & 0xf];
    return idOf("resp_", digits, sizeof digits);
}

qint64 nowSeconds() {
    return QDateTime::currentSecsSinceEpoch();
}

UsageCounts usageCounts(const QJsonObject &chat) {
    UsageCounts c;
    c.input = chat.value(QLatin1String("prompt_tokens")).toInt();
    c.output = chat.value(QLatin1String("completion_tokens")).toInt();
    c.cached = chat.value(QLatin1String("prompt_tokens_details"))
                   .toObject()
                   .value(QLatin1String("cached_tokens"))
                   .toInt();
    c.reasoning = chat.value(QLatin1String("completion_tokens_details"))
                      .toObject()
                      .value(QLatin1String("reasoning_tokens"))
                      .toInt();
    c.total = chat.value(QLatin1String("total_tokens")).toInt(c.input + c.output);
    return c;
}

QJsonObject usageFromChat(const QJsonObject &chat) {
    const UsageCounts c = usageCounts(chat);
    return {{QStringLiteral("input_tokens"), c.input},
            {QStringLiteral("input_tokens_details"),
             QJsonObject{{QStringLiteral("cached_tokens"), c.cached}}},
            {QStringLiteral("output_tokens"), c.output},
            {QStringLiteral("output_tokens_details"),
             QJsonObject{{QStringLiteral("reasoning_tokens"), c.reasoning}}},
            {QStringLiteral("total_tokens"), c.total}};
}

QString statusFor(const QString &finishReason, QJsonValue *incompleteDetails) {
    *incompleteDetails = QJsonValue();
    if (finishReason == QLatin1String("length")) {
        *incompleteDetails =
            QJsonObject{{QStringLiteral("reason"), QStringLiteral("max_output_tokens")}};
        return QStringLiteral("incomplete");
    }
    if (finishReason == QLatin1String("content_filter")) {
        *incompleteDetails =
            QJsonObject{{QStringLiteral("reason"), QStringLiteral("content_filter")}};
        return QStringLiteral("incomplete");
    }
    return QStringLiteral("completed");
}

QString messageStatusFor(const QString &finishReason) {
    QJsonValue ignored;
    return statusFor(finishReason, &ignored) == QLatin1String("incomplete")
               ? QStringLiteral("incomplete")
               : QStringLiteral("completed");
}

bool isCustomTool(const CodecContext &context, const QString &name) {
    return context.customTools.contains(name);
}

QString customInput(const QString &arguments) {
    const QJsonObject args = QJsonDocument::fromJson(arguments.toUtf8()).object();
    const QJsonValue input = args.value(QLatin1String("input"));
    return input.isString() ? input.toString() : arguments;
}

QJsonObject toolCallItem(const CodecContext &context, const QString &id, const QString &callId,
                         const QString &name, const QString &arguments, const QString &status) {
    if (isCustomTool(context, name))
        return {{QStringLiteral("type"), QStringLiteral("custom_tool_call")},
                {QStringLiteral("id"), id},
                {QStringLiteral("status"), status},
                {QStringLiteral("call_id"), callId},
                {QStringLiteral("name"), name},
                {QStringLiteral("input"), customInput(arguments)}};
    return {{QStringLiteral("type"), QStringLiteral("function_call")},
            {QStringLiteral("id"), id},
            {QStringLiteral("status"), status},
            {QStringLiteral("call_id"), callId},
            {QStringLiteral("name"), name},
            {QStringLiteral("arguments"), arguments}};
}

QJsonObject responseEnvelope(const CodecContext &context, const QString &id, const QString &model,
                             qint64 createdAt, const QString &status, const QJsonArray &output,
                             const QJsonValue &usage) {
    QJsonObject r = context.echo;
    // The byte path keeps the echo as the request's text (ResponsesRequestBytes).
    if (!context.echoJson.isEmpty()) r = QJsonDocument::fromJson(context.echoJson).object();
    // Defaults the SDKs read when the request left them out.
    for (const EchoedField &f : kEchoedFields)
        if (f.whenAbsent && !r.contains(QLatin1String(f.key)))
            r[QLatin1String(f.key)] =
                QJsonDocument::fromJson(QByteArray("[") + f.whenAbsent + ']').array().at(0);
    r[QStringLiteral("id")] = id;
    r[QStringLiteral("object")] = QStringLiteral("response");
    r[QStringLiteral("created_at")] = createdAt;
    r[QStringLiteral("status")] = status;
    r[QStringLiteral("model")] = model;
    r[QStringLiteral("output")] = output;
    r[QStringLiteral("usage")] = usage;
    r[QStringLiteral("error")] = QJsonValue();
    if (!r.contains(QLatin1String("incomplete_details")))
        r[QStringLiteral("incomplete_details")] = QJsonValue();
    return r;
}

QJsonObject messageItem(const QString &id, const QString &text, const QString &refusal,
                        const QString &status) {
    QJsonArray content;
    if (!text.isEmpty() || refusal.isEmpty())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                   {QStringLiteral("text"), text},
                                   {QStringLiteral("annotations"), QJsonArray()},
                                   {QStringLiteral("logprobs"), QJsonArray()}});
    if (!refusal.isEmpty())
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("refusal")},
                                   {QStringLiteral("refusal"), refusal}});
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("id"), id},
            {QStringLiteral("status"), status},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("content"), content}};
}

QJsonObject reasoningItem(const QString &id, const QString &text) {
    QJsonArray summary;
    if (!text.isEmpty())
        summary.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                   {QStringLiteral("text"), text}});
    return {{QStringLiteral("type"), QStringLiteral("reasoning")},
            {QStringLiteral("id"), id},
            {QStringLiteral("summary"), summary}};
}

void remember(ResponseMemory &memory, const CodecContext &context, const QString &id,
              const QJsonObject &assistantMessage, const QByteArray &responseJson) {
    if (!context.keepsConversation()) return;
    QJsonArray all = context.conversationJson
                         ? QJsonDocument::fromJson(*context.conversationJson).array()
                         : *context.conversation;
    all.append(assistantMessage);
    memory.put(id, all, responseJson);
}

void rememberJson(ResponseMemory &memory, const CodecContext &context, const QString &id,
                  QByteArrayView assistantMessage, const QByteArray &responseJson) {
    if (!context.keepsConversation()) return;
    // The conversation's text with the message appended inside its brackets,
    // written once into a block of the right size.
    const QByteArray conversation =
        context.conversationJson ? *context.conversationJson : toCompactJson(*context.conversation);
    QByteArray all;
    all.reserve(conversation.size() + assistantMessage.size() + 1);
    appendBytes(all, QByteArrayView(conversation).chopped(1));
    if (all.size() > 1) appendBytes(all, ",");
    appendBytes(all, assistantMessage);
    appendBytes(all, "]");
    memory.putJson(id, std::move(all), responseJson);
}

QJsonObject assistantMessageFrom(const QJsonArray &output) {
    QString text;
    QJsonArray calls;
    for (const QJsonValue &v : output) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message")) {
            for (const QJsonValue &part : item.value(QLatin1String("content")).toArray())
                text += part.toObject().value(QLatin1String("text")).toString();
        } else if (type == QLatin1String("function_call") ||
                   type == QLatin1String("custom_tool_call")) {
            const QString arguments =
                type == QLatin1String("function_call")
                    ? item.value(QLatin1String("arguments")).toString()
                    : QString::fromUtf8(
                          QJsonDocument(QJsonObject{{QStringLiteral("input"),
                                                     item.value(QLatin1String("input"))}})
                              .toJson(QJsonDocument::Compact));
            calls.append(QJsonObject{
                {QStringLiteral("id"), item.value(QLatin1String("call_id"))},
                {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                 QJsonObject{{QStringLiteral("name"), item.value(QLatin1String("name"))},
                             {QStringLiteral("arguments"), arguments}}}});
        }
    }
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"),
                         text.isEmpty() && !calls.isEmpty() ? QJsonValue() : QJsonValue(text)}};
    if (!calls.isEmpty()) message[QStringLiteral("tool_calls")] = calls;
    return message;
}

QJsonObject chatToResponse(const QJsonObject &chat, const CodecContext &context) {
    return QJsonDocument::fromJson(writeResponse(chat, context)).object();
}

}  // namespace gatehouse::responses
