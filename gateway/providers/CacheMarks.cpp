#include "CacheMarks.h"

#include <QJsonArray>
#include <QStringList>

namespace gatehouse {

namespace {

const QLatin1String kMark("cache_control");

// Removes the mark from every object in `items` (a "content" array, or the
// "tools" array) when one carries it; true when something changed.
bool unmarkAll(QJsonArray *items) {
    bool any = false;
    for (const QJsonValue &item : std::as_const(*items))
        any = any || item.toObject().contains(kMark);
    if (!any) return false;
    for (qsizetype i = 0; i < items->size(); ++i) {
        QJsonObject item = items->at(i).toObject();
        item.remove(kMark);
        (*items)[i] = item;
    }
    return true;
}

// The content as the translation writes it without marks: a system
// prompt's texts joined, a lone text part as its string.
QJsonValue plainer(const QJsonValue &role, const QJsonArray &parts) {
    QStringList texts;
    for (const QJsonValue &part : parts) {
        if (part.toObject().value(QLatin1String("type")) != QLatin1String("text")) return parts;
        texts << part.toObject().value(QLatin1String("text")).toString();
    }
    if (role == QLatin1String("system") || role == QLatin1String("developer"))
        return texts.join(QLatin1String("\n\n"));
    if (texts.size() == 1) return texts.first();
    return parts;
}

}  // namespace

bool removeCacheMarks(QJsonObject *chat) {
    bool changed = chat->contains(QLatin1String("thinking"));
    if (changed) chat->remove(QLatin1String("thinking"));
    QJsonArray messages = chat->value(QLatin1String("messages")).toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (messages.at(i).toObject().contains(QLatin1String("thinking_blocks"))) {
            QJsonObject message = messages.at(i).toObject();
            message.remove(QLatin1String("thinking_blocks"));
            messages[i] = message;
            changed = true;
        }
        const QJsonValue content = messages.at(i).toObject().value(QLatin1String("content"));
        if (!content.isArray()) continue;
        QJsonArray parts = content.toArray();
        if (!unmarkAll(&parts)) continue;
        QJsonObject message = messages.at(i).toObject();
        message[QStringLiteral("content")] = plainer(message.value(QLatin1String("role")), parts);
        messages[i] = message;
        changed = true;
    }
    if (changed) (*chat)[QStringLiteral("messages")] = messages;
    QJsonArray tools = chat->value(QLatin1String("tools")).toArray();
    if (unmarkAll(&tools)) {
        (*chat)[QStringLiteral("tools")] = tools;
        changed = true;
    }
    return changed;
}

}  // namespace gatehouse
