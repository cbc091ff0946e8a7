#include "ResponseToChat.h"
#include "ResponsesCodec.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

// A Responses stream carries the whole response object in its lifecycle
// events (response.created ... response.completed): the last one read is
// the answer, so no event is translated on its own.
class ResponsesNativeReader : public NativeStreamReader {
public:
    QList<QJsonObject> onEvent(const SseEvent &event) override {
        const QJsonObject data = QJsonDocument::fromJson(event.data).object();
        const QJsonValue response = data.value(QLatin1String("response"));
        if (response.isObject()) last_ = response.toObject();
        return {};
    }
    QJsonObject finalAnswer() override {
        if (last_.isEmpty()) return {};
        return responses::responseToChat(std::exchange(last_, QJsonObject()));
    }

private:
    QJsonObject last_;
};

}  // namespace

QJsonObject ResponsesCodec::nativeAnswerToChat(const QByteArray &raw, const QString &) const {
    return responses::responseToChat(QJsonDocument::fromJson(raw).object());
}

std::unique_ptr<NativeStreamReader> ResponsesCodec::nativeStreamReader(const QString &) const {
    return std::make_unique<ResponsesNativeReader>();
}

}  // namespace gatehouse
