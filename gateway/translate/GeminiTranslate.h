#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

// The Gemini API as a provider (the gemini dialect's side): canonical chat
// requests -> generateContent requests, Gemini answers and streamed answers
// -> chat completions and chunks. The mirror image of codecs/gemini, which
// reads Gemini requests from clients and writes Gemini answers to them;
// Both read Gemini's JSON with field() below.
namespace gatehouse::gemini {

// Gemini's JSON accepts lowerCamelCase and snake_case field names alike:
// the value under either spelling.
QJsonValue field(const QJsonObject &object, const char *camel, const char *snake);

// Canonical chat request -> GenerateContentRequest (the model goes in the
// URL, not the body). Fails only for what Gemini cannot be asked (a tool
// result answering no call, an unreadable message); the error names the
// JSON path.
bool chatRequestToGemini(const QJsonObject &chat, QJsonObject *request, QString *error);

// GenerateContentResponse -> chat.completion. `model` is used when the
// answer names no modelVersion.
QJsonObject geminiResponseToChat(const QJsonObject &answer, const QString &model);

// Gemini's finishReason as chat's finish_reason; `calledTools` turns a
// plain stop into "tool_calls".
QString chatFinishReasonFor(const QString &geminiFinishReason, bool calledTools);

// The message of Google's error body {"error":{"code","message","status"}}
// (also inside a one-element array, as streams may send it); empty if none.
QString errorMessageFrom(const QJsonObject &body);

// streamGenerateContent?alt=sse events (each a GenerateContentResponse) ->
// chat.completion.chunk objects. Gemini sends each function call whole, and
// usage with the last event (it goes on the finish_reason chunk); its stream
// ends when the connection does.
class GeminiStreamToChat {
public:
    explicit GeminiStreamToChat(const QString &model) : model_(model) {}

    QList<QJsonObject> onEvent(const QJsonObject &data);
    bool hasError() const { return !error_.isEmpty(); }
    QString errorMessage() const { return error_; }
    // The usage seen so far, as chat usage (empty until Gemini sends some).
    QJsonObject usage() const { return usage_; }

private:
    QJsonObject chunk(const QJsonArray &choices) const;

    struct Choice {
        bool started = false;
        int toolCalls = 0;
    };
    QString model_;
    QString id_;
    qint64 created_ = 0;
    QMap<int, Choice> choices_;
    QJsonObject usage_;
    QString error_;
};

}  // namespace gatehouse::gemini
