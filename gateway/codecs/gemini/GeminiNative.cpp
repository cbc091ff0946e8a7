#include "GeminiCodec.h"

#include "translate/GeminiTranslate.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

// Gemini's stream events (each a whole GenerateContentResponse) read with
// the Gemini dialect's translation.
class GeminiNativeReader : public NativeStreamReader {
public:
    explicit GeminiNativeReader(const QString &model) : toChat_(model) {}
    QList<QJsonObject> onEvent(const SseEvent &event) override {
        return toChat_.onEvent(QJsonDocument::fromJson(event.data).object());
    }

private:
    gemini::GeminiStreamToChat toChat_;
};

}  // namespace

QJsonObject GeminiCodec::nativeAnswerToChat(const QByteArray &raw, const QString &model) const {
    return gemini::geminiResponseToChat(QJsonDocument::fromJson(raw).object(), model);
}

std::unique_ptr<NativeStreamReader> GeminiCodec::nativeStreamReader(const QString &model) const {
    return std::make_unique<GeminiNativeReader>(model);
}

}  // namespace gatehouse
