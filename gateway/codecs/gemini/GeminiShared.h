#pragma once

#include "codecs/responses/AnswerText.h"
#include "translate/GeminiTranslate.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Helpers shared by the Gemini API codec's files; not a public API.
namespace gatehouse::gemini {

// field(): translate/GeminiTranslate.h, shared with the Gemini provider.

// generateContent request -> canonical chat request (model and stream come
// from the path, in `pathModel` / `stream`).
bool requestToChat(const QJsonObject &request, const QString &pathModel, bool stream,
                   QJsonObject *chat, QStringList *dropped, QString *error);

// A Gemini schema (OpenAPI subset, types in capitals) as JSON Schema.
QJsonObject jsonSchemaFrom(const QJsonObject &geminiSchema);

// Canonical chat answer -> GenerateContentResponse, as compact JSON bytes
// and as an object.
QByteArray writeGeminiAnswer(const QJsonObject &chatCompletion);
// writeGeminiAnswer from the provider's answer as bytes (checked
// well-formed), read without a QJsonDocument: the same bytes, for one
// choice without tool calls; false for any other shape (the caller parses
// the answer and takes writeGeminiAnswer).
bool writeGeminiAnswerFromBytes(const QByteArray &chatCompletion, QByteArray *out);
QJsonObject chatToGemini(const QJsonObject &chatCompletion);
QString finishReasonFor(const QString &chatFinishReason);
QJsonObject usageMetadataFrom(const QJsonObject &chatUsage);
// A candidate's text parts as JSON (a thought part for the reasoning, then
// the text), comma-separated; false when both are empty (nothing written).
bool appendTextParts(QByteArray &out, const responses::AnswerText &reasoning,
                     const responses::AnswerText &text);
// "INVALID_ARGUMENT", "RESOURCE_EXHAUSTED", ... for an HTTP status.
QString statusNameFor(int httpStatus);

}  // namespace gatehouse::gemini
