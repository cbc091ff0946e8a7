#pragma once

// Shared by the FakeResponses implementation files: the OpenAI and Anthropic
// body and stream builders, and the helpers they have in common. Not for tests.

#include "FakeResponses.h"

#include <QJsonObject>

namespace gatehouse::fake {

constexpr qint64 kCreated = 1'700'000'000;  // fixed, so answers are reproducible
extern const QString kToolArguments;
// The request's tool arguments ("agent" models), else kToolArguments.
inline QString toolArguments(const FakeRequest &r) {
    return r.toolArguments.isEmpty() ? kToolArguments : r.toolArguments;
}

QByteArray compact(const QJsonObject &o);
// `text` in `count` pieces of near-equal length; pieces may be empty when
// the text is shorter than the count.
QStringList split(const QString &text, int count);
QByteArray dataEvent(const QJsonObject &o);
QByteArray namedEvent(const QByteArray &name, const QJsonObject &o);

// The events of one streamed answer, before they are grouped into batches.
struct StreamParts {
    QList<QByteArray> openers;
    QList<QByteArray> deltas;
    QList<QByteArray> closers;
};

QByteArray chatBody(const FakeRequest &r, const QString &text, const QByteArray &id, bool tool);
QByteArray completionBody(const FakeRequest &r, const QString &text, const QByteArray &id);
QByteArray embeddingsBody(const FakeRequest &r);
StreamParts openAiChatStream(const FakeRequest &r, const QStringList &pieces, const QString &text,
                             const QByteArray &id, bool tool);
StreamParts openAiCompletionStream(const FakeRequest &r, const QStringList &pieces,
                                   const QString &text, const QByteArray &id);

QByteArray messageBody(const FakeRequest &r, const QString &text, const QByteArray &id, bool tool);
QByteArray geminiBody(const FakeRequest &r, const QString &text, const QByteArray &id, bool tool);
StreamParts geminiStream(const FakeRequest &r, const QStringList &pieces, const QString &text,
                         const QByteArray &id, bool tool);
StreamParts anthropicStream(const FakeRequest &r, const QStringList &pieces, const QString &text,
                            const QByteArray &id, bool tool);

}  // namespace gatehouse::fake
