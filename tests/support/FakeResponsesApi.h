#pragma once

#include "codecs/CodecContext.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse::fake {

// OpenAI's Responses API on FakeUpstream (POST /v1/responses, and Azure's
// /openai/responses?api-version= and /openai/v1/responses): a request is
// read as the chat request it stands for and answered as the chat endpoint
// would, then written back in the Responses shape by Gatehouse's Responses
// codec. The real clients that read these answers (the openai SDK, Codex)
// check that shape themselves.
struct ResponsesCall {
    QJsonObject chat;      // the request as a chat request, "model" and "stream" kept
    CodecContext context;  // what the codec needs again to write the answer
};

// False with a message when the body is no usable Responses request.
bool readResponsesRequest(const QJsonObject &body, ResponsesCall *out, QString *error);

// A chat.completion body -> the Responses answer.
QByteArray responsesAnswer(const ResponsesCall &call, const QByteArray &chatCompletion);

// Batches of chat SSE events ("data: {chunk}", "data: [DONE]") -> the same
// batches as the Responses API's typed events (a batch may become empty).
QList<QList<QByteArray>> responsesStream(const ResponsesCall &call,
                                         const QList<QList<QByteArray>> &chatBatches);

}  // namespace gatehouse::fake
