#include "BedrockProvider.h"

#include "BedrockDialect.h"
#include "BedrockEmbeddingDialect.h"
#include "BedrockEmbeddings.h"
#include "BedrockHttp.h"

#include "config/GatewayConfig.h"
#include "upstream/UpstreamClient.h"

#include <QJsonArray>

namespace gatehouse {

namespace {

// One OpenAI embeddings request for a Titan model with several texts: a
// single-text call per text, in order; the vectors and token counts are
// gathered into one answer. The first error ends the list.
class TitanEmbeddingList : public ProviderListener,
                           public std::enable_shared_from_this<TitanEmbeddingList> {
public:
    TitanEmbeddingList(UpstreamClient *client, HttpProvider *inner, ProviderRequest request,
                       QStringList texts, ProviderCallbacks callbacks)
        : client_(client),
          inner_(inner),
          request_(std::move(request)),
          texts_(std::move(texts)),
          callbacks_(std::move(callbacks)) {}

    void next() {
        if (finished_) return;
        if (vectors_.size() == texts_.size()) {
            finished_ = true;
            callbacks_.onResponse(
                openAIEmbeddingList(vectors_, request_.model, tokens_, wantsBase64(request_.body)),
                QByteArray());
            return;
        }
        ProviderRequest one = request_;
        one.body.insert(QStringLiteral("input"), texts_.at(vectors_.size()));
        one.body.insert(QStringLiteral("encoding_format"), QStringLiteral("float"));
        current_ = inner_->start(one, ProviderCallbacks::to(shared_from_this()));
    }

    void cancel() {
        finished_ = true;
        if (current_) current_->cancel();
    }

private:
    // Each single-text call's report.
    void onResponse(const QJsonObject &response, const QByteArray &raw) override {
        onOne(responseObject(response, raw));
    }
    void onError(const GatewayError &error) override { fail(error); }
    void onChunk(const QJsonObject &) override {}
    void onStreamEnd(const QJsonObject &) override {}
    void onRawEvent(const SseEvent &) override {}

    void onOne(const QJsonObject &answer) {
        const QJsonArray data = answer.value(QLatin1String("data")).toArray();
        QVector<float> vector;
        if (!readVector(data.at(0).toObject().value(QLatin1String("embedding")), &vector))
            return fail(malformedEmbeddingAnswer(QStringLiteral("an embedding")));
        vectors_.append(std::move(vector));
        tokens_ += answer.value(QLatin1String("usage"))
                       .toObject()
                       .value(QLatin1String("prompt_tokens"))
                       .toInt();
        // The next call starts on a fresh event-loop turn, outside the
        // finished call's callbacks.
        std::weak_ptr<TitanEmbeddingList> weak = weak_from_this();
        QMetaObject::invokeMethod(
            client_,
            [weak] {
                if (auto s = weak.lock()) s->next();
            },
            Qt::QueuedConnection);
    }

    void fail(GatewayError error) {
        if (finished_) return;
        finished_ = true;
        error.message +=
            QStringLiteral(" (input[%1] of %2)").arg(vectors_.size()).arg(texts_.size());
        callbacks_.onError(error);
    }

    UpstreamClient *client_;
    HttpProvider *inner_;
    ProviderRequest request_;
    QStringList texts_;
    ProviderCallbacks callbacks_;
    std::unique_ptr<ProviderCall> current_;
    QList<QVector<float>> vectors_;
    int tokens_ = 0;
    bool finished_ = false;
};

class TitanListHandle : public ProviderCall {
public:
    explicit TitanListHandle(std::shared_ptr<TitanEmbeddingList> list) : list_(std::move(list)) {}
    ~TitanListHandle() override { cancel(); }
    void cancel() override {
        if (list_) list_->cancel();
        list_.reset();
    }

private:
    std::shared_ptr<TitanEmbeddingList> list_;
};

}  // namespace

BedrockProvider::BedrockProvider(UpstreamClient *client)
    : client_(client),
      converse_(client, std::make_unique<BedrockDialect>()),
      embed_(client, std::make_unique<BedrockEmbeddingDialect>()) {}

std::unique_ptr<ProviderCall> BedrockProvider::start(const ProviderRequest &request,
                                                     ProviderCallbacks callbacks) {
    if (request.operation != Operation::Embedding)
        return converse_.start(request, std::move(callbacks));
    const BedrockEmbedFamily family = bedrockEmbedFamily(bedrockModelIdFor(request));
    QStringList texts;
    GatewayError error;
    // Bad input, other families and single texts: one call, whose dialect
    // answers (or refuses) it.
    if (family != BedrockEmbedFamily::Titan ||
        !readEmbeddingInput(request.body, request.config->name, kTitanEmbeddingLimits, &texts,
                            &error) ||
        texts.size() == 1)
        return embed_.start(request, std::move(callbacks));
    auto list = std::make_shared<TitanEmbeddingList>(client_, &embed_, request, std::move(texts),
                                                     std::move(callbacks));
    list->next();
    return std::make_unique<TitanListHandle>(list);
}

}  // namespace gatehouse
