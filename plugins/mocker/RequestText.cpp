#include "RequestText.h"

#include <QJsonArray>
#include <QStringList>

namespace gatehouse::mocker {

namespace {

// Content is a string or, in multi-part messages, an array of parts of which
// only the "text" ones carry text.
QString contentText(const QJsonValue &content) {
    if (content.isString()) return content.toString();
    QStringList parts;
    for (const auto &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QLatin1String("type")).toString() == QLatin1String("text"))
            parts << p.value(QLatin1String("text")).toString();
    }
    return parts.join(QLatin1Char('\n'));
}

QStringList promptTexts(const QJsonObject &body) {
    const QJsonValue prompt = body.value(QLatin1String("prompt"));
    if (prompt.isString()) return {prompt.toString()};
    QStringList texts;
    for (const auto &p : prompt.toArray())
        if (p.isString()) texts << p.toString();
    return texts;
}

}  // namespace

QString lastUserText(const PluginRequest &request) {
    const QJsonValue messages = request.body.value(QLatin1String("messages"));
    if (messages.isArray()) {
        const QJsonArray list = messages.toArray();
        for (auto it = list.end(); it != list.begin();) {
            const QJsonObject m = (*--it).toObject();
            if (m.value(QLatin1String("role")).toString() == QLatin1String("user"))
                return contentText(m.value(QLatin1String("content")));
        }
        return {};
    }
    const QStringList prompts = promptTexts(request.body);
    return prompts.isEmpty() ? QString() : prompts.last();
}

QString allPromptText(const PluginRequest &request) {
    QStringList texts;
    for (const auto &m : request.body.value(QLatin1String("messages")).toArray())
        texts << contentText(m.toObject().value(QLatin1String("content")));
    texts << promptTexts(request.body);
    return texts.join(QLatin1Char('\n'));
}

}  // namespace gatehouse::mocker
