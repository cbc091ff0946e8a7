#include "CanonicalChat.h"

#include "JsonTestUtil.h"

#include <QJsonArray>

namespace gatehouse::test {

QByteArray chatCompletion(const char *message, const char *finish, const char *usage) {
    return QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion","created":1700000000,)"
                      R"("model":"gpt-x","choices":[{"index":0,"message":)") +
           message + R"(,"finish_reason":")" + finish + R"("}],"usage":)" + usage + "}";
}

QJsonObject chatChunk(const char *delta, const char *finish) {
    QJsonObject choice{{"index", 0},
                       {"delta", json(delta)},
                       {"finish_reason", finish ? QJsonValue(finish) : QJsonValue()}};
    return {{"id", "chatcmpl-1"},
            {"object", "chat.completion.chunk"},
            {"created", 1700000000},
            {"model", "gpt-x"},
            {"choices", QJsonArray{choice}}};
}

QJsonObject chatUsageChunk(const char *usage) {
    return {{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"created", 1700000000},
            {"model", "gpt-x"},   {"choices", QJsonArray()},           {"usage", json(usage)}};
}

}  // namespace gatehouse::test
