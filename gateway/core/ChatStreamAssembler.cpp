#include "ChatStreamAssembler.h"

#include <QJsonArray>

namespace gatehouse {

void ChatStreamAssembler::add(const QJsonObject &chunk) {
    if (id_.isEmpty()) id_ = chunk.value(QStringLiteral("id")).toString();
    if (model_.isEmpty()) model_ = chunk.value(QStringLiteral("model")).toString();
    if (created_ == 0) created_ = chunk.value(QStringLiteral("created")).toInteger();
    if (chunk.value(QStringLiteral("object")).toString() == QLatin1String("text_completion"))
        textCompletion_ = true;
    if (chunk.value(QStringLiteral("usage")).isObject())
        usage_ = chunk.value(QStringLiteral("usage")).toObject();
    for (const auto &c : chunk.value(QStringLiteral("choices")).toArray()) {
        const QJsonObject choice = c.toObject();
        Choice &out = choices_[choice.value(QStringLiteral("index")).toInt()];
        if (choice.value(QStringLiteral("finish_reason")).isString())
            out.finishReason = choice.value(QStringLiteral("finish_reason")).toString();
        if (choice.contains(QStringLiteral("text"))) {
            out.text += choice.value(QStringLiteral("text")).toString();
            out.hasContent = true;
        }
        const QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
        if (delta.value(QStringLiteral("role")).isString())
            out.role = delta.value(QStringLiteral("role")).toString();
        if (delta.value(QStringLiteral("content")).isString()) {
            out.content += delta.value(QStringLiteral("content")).toString();
            out.hasContent = true;
        }
        for (const auto &t : delta.value(QStringLiteral("tool_calls")).toArray()) {
            const QJsonObject call = t.toObject();
            ToolCall &tc = out.toolCalls[call.value(QStringLiteral("index")).toInt()];
            if (call.value(QStringLiteral("id")).isString())
                tc.id = call.value(QStringLiteral("id")).toString();
            const QJsonObject fn = call.value(QStringLiteral("function")).toObject();
            if (fn.value(QStringLiteral("name")).isString())
                tc.name += fn.value(QStringLiteral("name")).toString();
            tc.arguments += fn.value(QStringLiteral("arguments")).toString();
        }
    }
}

QJsonObject ChatStreamAssembler::result() const {
    QJsonArray choices;
    for (auto it = choices_.cbegin(); it != choices_.cend(); ++it) {
        const Choice &c = it.value();
        QJsonObject choice{{QStringLiteral("index"), it.key()},
                           {QStringLiteral("finish_reason"),
                            c.finishReason.isEmpty() ? QJsonValue() : QJsonValue(c.finishReason)}};
        if (textCompletion_) {
            choice.insert(QStringLiteral("text"), c.text);
        } else {
            QJsonObject message{
                {QStringLiteral("role"), c.role.isEmpty() ? QStringLiteral("assistant") : c.role},
                {QStringLiteral("content"),
                 c.hasContent || c.toolCalls.isEmpty() ? QJsonValue(c.content) : QJsonValue()}};
            if (!c.toolCalls.isEmpty()) {
                QJsonArray calls;
                for (const ToolCall &tc : c.toolCalls)
                    calls.append(
                        QJsonObject{{QStringLiteral("id"), tc.id},
                                    {QStringLiteral("type"), QStringLiteral("function")},
                                    {QStringLiteral("function"),
                                     QJsonObject{{QStringLiteral("name"), tc.name},
                                                 {QStringLiteral("arguments"), tc.arguments}}}});
                message.insert(QStringLiteral("tool_calls"), calls);
            }
            choice.insert(QStringLiteral("message"), message);
        }
        choices.append(choice);
    }
    QJsonObject out{{QStringLiteral("id"), id_},
                    {QStringLiteral("object"), textCompletion_ ? QStringLiteral("text_completion")
                                                               : QStringLiteral("chat.completion")},
                    {QStringLiteral("created"), created_},
                    {QStringLiteral("model"), model_},
                    {QStringLiteral("choices"), choices}};
    if (!usage_.isEmpty()) out.insert(QStringLiteral("usage"), usage_);
    return out;
}

QList<QJsonObject> chunksForResponse(const QJsonObject &response) {
    const bool text =
        response.value(QStringLiteral("object")).toString() == QLatin1String("text_completion");
    const QJsonObject base{
        {QStringLiteral("id"), response.value(QStringLiteral("id"))},
        {QStringLiteral("object"),
         text ? QStringLiteral("text_completion") : QStringLiteral("chat.completion.chunk")},
        {QStringLiteral("created"), response.value(QStringLiteral("created"))},
        {QStringLiteral("model"), response.value(QStringLiteral("model"))}};
    auto chunk = [&](const QJsonObject &choice) {
        QJsonObject c = base;
        c.insert(QStringLiteral("choices"), QJsonArray{choice});
        return c;
    };
    QList<QJsonObject> out;
    for (const auto &v : response.value(QStringLiteral("choices")).toArray()) {
        const QJsonObject choice = v.toObject();
        const int index = choice.value(QStringLiteral("index")).toInt();
        if (text) {
            out << chunk({{QStringLiteral("index"), index},
                          {QStringLiteral("text"), choice.value(QStringLiteral("text"))},
                          {QStringLiteral("finish_reason"), QJsonValue()}});
        } else {
            const QJsonObject message = choice.value(QStringLiteral("message")).toObject();
            QJsonObject delta{
                {QStringLiteral("role"), QStringLiteral("assistant")},
                {QStringLiteral("content"), message.value(QStringLiteral("content")).toString()}};
            out << chunk({{QStringLiteral("index"), index},
                          {QStringLiteral("delta"), delta},
                          {QStringLiteral("finish_reason"), QJsonValue()}});
            QJsonArray calls;
            int i = 0;
            for (const auto &t : message.value(QStringLiteral("tool_calls")).toArray()) {
                QJsonObject call = t.toObject();
                call.insert(QStringLiteral("index"), i++);
                calls.append(call);
            }
            if (!calls.isEmpty())
                out << chunk(
                    {{QStringLiteral("index"), index},
                     {QStringLiteral("delta"), QJsonObject{{QStringLiteral("tool_calls"), calls}}},
                     {QStringLiteral("finish_reason"), QJsonValue()}});
        }
        QJsonObject finish{
            {QStringLiteral("index"), index},
            {QStringLiteral("finish_reason"),
             choice.value(QStringLiteral("finish_reason")).toString(QStringLiteral("stop"))}};
        finish.insert(text ? QStringLiteral("text") : QStringLiteral("delta"),
                      text ? QJsonValue(QString()) : QJsonValue(QJsonObject{}));
        out << chunk(finish);
    }
    if (response.value(QStringLiteral("usage")).isObject()) {
        QJsonObject last = base;
        last.insert(QStringLiteral("choices"), QJsonArray{});
        last.insert(QStringLiteral("usage"), response.value(QStringLiteral("usage")));
        out << last;
    }
    return out;
}

}  // namespace gatehouse
