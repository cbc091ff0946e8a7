// JSON request bodies as the inference endpoints decode them: the body parse
// (core/JsonBody), the gateway's own JSON checker (json/JsonValidator, which
// must agree with Qt's parser on what is an object, and its tree scan with
// it) and, for the Anthropic
// endpoint, the Messages -> Chat request translation and back, as a request
// routed to an Anthropic provider is translated again. And the pass-through
// read (core/PassThroughBody): a body it takes must reach the provider as
// the same JSON Qt reads, but for "model" and "fallbacks".
#include "core/JsonBody.h"
#include "json/JsonValidator.h"
#include "translate/AnthropicTranslate.h"
#include "translate/PassThroughBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));

    // The validator lets a provider's answer through unparsed: whatever it
    // accepts must be a JSON object to Qt as well.
    const bool valid = isValidJsonObject(body);
    if (valid) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) abort();
    }
    // The tree scan validates the same way, and what it records lies in the
    // text, each member inside the member it names as its parent.
    std::vector<JsonTreeMember> tree;
    if (scanJsonTree(body, &tree, 4) != valid) abort();
    for (const JsonTreeMember &m : std::as_const(tree)) {
        const JsonMemberSpan &s = m.span;
        if (s.keyBegin < 0 || s.keyEnd <= s.keyBegin || s.valueBegin < s.keyEnd ||
            s.valueEnd <= s.valueBegin || s.valueEnd > body.size())
            abort();
        if (m.parent >= 0) {
            const JsonMemberSpan &p = tree.at(size_t(m.parent)).span;
            if (s.keyBegin <= p.valueBegin || s.valueEnd >= p.valueEnd) abort();
        }
    }

    if (const auto quick = PassThroughBody::read(body)) {
        QJsonParseError e;
        QJsonObject expected = QJsonDocument::fromJson(body, &e).object();
        if (e.error != QJsonParseError::NoError) abort();
        if (expected.value(QStringLiteral("model")).toString() != quick->model) abort();
        if (expected.value(QStringLiteral("stream")).toBool(false) != quick->stream) abort();
        QStringList fallbacks;
        for (const QJsonValue &f : expected.value(QStringLiteral("fallbacks")).toArray())
            fallbacks << f.toString();
        if (fallbacks != quick->fallbacks) abort();
        const QString model = QStringLiteral("m\"\\\u00e9");  // needs escaping
        const QJsonObject sent = QJsonDocument::fromJson(quick->withModel(model), &e).object();
        if (e.error != QJsonParseError::NoError) abort();
        expected.remove(QStringLiteral("fallbacks"));
        expected.insert(QStringLiteral("model"), model);
        if (sent != expected) abort();
    }

    GatewayError error;
    QJsonObject request;
    if (!parseJsonObjectBody(body, &request, &error)) {
        if (error.status != 400 || error.message.isEmpty()) abort();
        return 0;
    }
    // /anthropic/v1/messages -> the internal chat request.
    QJsonObject chat;
    QString why;
    if (anthropic::messagesRequestToChat(request, &chat, &why)) {
        QJsonObject back;
        QString whyBack;
        anthropic::chatRequestToMessages(chat, &back, &whyBack);
    } else if (why.isEmpty()) {
        abort();  // a refusal must say why
    }
    // /v1/chat/completions routed to an Anthropic provider.
    QJsonObject messages;
    QString whyMessages;
    if (!anthropic::chatRequestToMessages(request, &messages, &whyMessages) &&
        whyMessages.isEmpty())
        abort();
    return 0;
}
