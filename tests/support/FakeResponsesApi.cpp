#include "FakeResponsesApi.h"

#include "codecs/ClientCodec.h"

#include <QJsonDocument>

namespace gatehouse::fake {

namespace {

const ClientCodec &codec() {
    return clientCodec(WireFormat::OpenAIResponses);
}

}  // namespace

bool readResponsesRequest(const QJsonObject &body, ResponsesCall *out, QString *error) {
    DecodedRequest decoded;
    if (!codec().decodeRequest(body, ClientCall(), &decoded, error)) return false;
    out->chat = decoded.chat;
    out->context = decoded.context;
    return true;
}

QByteArray responsesAnswer(const ResponsesCall &call, const QByteArray &chatCompletion) {
    return codec().encodeResponse(QJsonDocument::fromJson(chatCompletion).object(), call.context,
                                  ClientCall());
}

QList<QList<QByteArray>> responsesStream(const ResponsesCall &call,
                                         const QList<QList<QByteArray>> &chatBatches) {
    const auto encoder = codec().streamEncoder(call.chat.value(QLatin1String("model")).toString(),
                                               call.context, ClientCall());
    QList<QList<QByteArray>> out;
    for (const QList<QByteArray> &batch : chatBatches) {
        QList<QByteArray> events;
        for (const QByteArray &event : batch) {
            // One SSE event per element: "data: <json>\n\n".
            const QByteArray data = event.trimmed().mid(event.startsWith("data: ") ? 6 : 0);
            if (data == "[DONE]") continue;
            const QByteArray bytes = encoder->onChunk(QJsonDocument::fromJson(data).object());
            if (!bytes.isEmpty()) events << bytes;
        }
        out << events;
    }
    const QByteArray last = encoder->finish();
    if (!last.isEmpty()) {
        if (out.isEmpty()) out << QList<QByteArray>();
        out.last() << last;
    }
    return out;
}

}  // namespace gatehouse::fake
