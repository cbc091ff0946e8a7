#include "MockAnswer.h"

#include "RequestText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>
#include <cmath>

namespace gatehouse::mocker {

namespace {

int approxTokens(const QString &text) {
    return qMax(1, int(std::ceil(text.size() / 4.0)));
}

QString newId(const char *prefix) {
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::Id128).left(24);
}

bool isTextCompletion(const PluginRequest &request) {
    return request.endpoint.endsWith(QLatin1String("/completions")) &&
           !request.endpoint.endsWith(QLatin1String("/chat/completions"));
}

}  // namespace

bool canAnswerWithText(const PluginRequest &request) {
    return request.endpoint.endsWith(QLatin1String("/completions"));
}

QJsonObject mockAnswer(const PluginRequest &request, const QString &text) {
    const int prompt = approxTokens(allPromptText(request));
    const int completion = approxTokens(text);
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), prompt},
                            {QStringLiteral("completion_tokens"), completion},
                            {QStringLiteral("total_tokens"), prompt + completion}};
    QJsonObject choice{{QStringLiteral("index"), 0},
                       {QStringLiteral("finish_reason"), QStringLiteral("stop")}};
    QJsonObject answer{{QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                       {QStringLiteral("model"), request.model},
                       {QStringLiteral("usage"), usage}};
    if (isTextCompletion(request)) {
        answer.insert(QStringLiteral("id"), newId("cmpl-mock-"));
        answer.insert(QStringLiteral("object"), QStringLiteral("text_completion"));
        choice.insert(QStringLiteral("text"), text);
        choice.insert(QStringLiteral("logprobs"), QJsonValue());
    } else {
        answer.insert(QStringLiteral("id"), newId("chatcmpl-mock-"));
        answer.insert(QStringLiteral("object"), QStringLiteral("chat.completion"));
        choice.insert(QStringLiteral("message"),
                      QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                  {QStringLiteral("content"), text}});
    }
    answer.insert(QStringLiteral("choices"), QJsonArray{choice});
    return answer;
}

}  // namespace gatehouse::mocker
