#include "MessagesCodec.h"

#include "translate/AnthropicTranslate.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

// Anthropic's events read one by one with the Messages translation.
class MessagesNativeReader : public NativeStreamReader {
public:
    explicit MessagesNativeReader(const QString &model) : toChat_(model) {}
    QList<QJsonObject> onEvent(const SseEvent &event) override {
        const QJsonObject data = QJsonDocument::fromJson(event.data).object();
        QByteArray name = event.event;
        if (name.isEmpty()) name = data.value(QLatin1String("type")).toString().toUtf8();
        return toChat_.onEvent(name, data);
    }

private:
    anthropic::MessagesStreamToChat toChat_;
};

}  // namespace

QJsonObject MessagesCodec::nativeAnswerToChat(const QByteArray &raw, const QString &) const {
    return anthropic::messagesResponseToChat(QJsonDocument::fromJson(raw).object());
}

std::unique_ptr<NativeStreamReader> MessagesCodec::nativeStreamReader(const QString &model) const {
    return std::make_unique<MessagesNativeReader>(model);
}

}  // namespace gatehouse
