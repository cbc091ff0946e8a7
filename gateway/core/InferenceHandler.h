#pragma once

#include "GatewayError.h"
#include "providers/Provider.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QStringList>
#include <memory>

namespace gatehouse {

class HttpExchange;
class ProviderAttempt;
class WorkerContext;
struct ProviderConfig;
namespace anthropic {
class ChatStreamToMessages;
}

// Which wire format the client speaks.
enum class ClientApi { OpenAI, Anthropic };

// One inference request from arrival to answer: decodes the body, resolves
// "provider/model" and its fallbacks, runs each target through a
// ProviderAttempt until one succeeds, and answers in the client's format —
// relaying streamed chunks the moment they arrive. If the client goes away
// the provider call is cancelled. Lives on the worker thread.
class InferenceHandler : public std::enable_shared_from_this<InferenceHandler> {
public:
    InferenceHandler(WorkerContext *worker, std::shared_ptr<HttpExchange> exchange, ClientApi api,
                     Operation operation, QString endpointLabel);
    ~InferenceHandler();

    void run();

private:
    struct Target {
        QString provider;
        QString model;
    };
    bool decode(GatewayError *error);
    bool resolveTarget(const QString &spec, Target *target, GatewayError *error) const;
    void tryTarget(int index);
    void onResponse(const QJsonObject &response, const QByteArray &raw);
    void onChunk(const QJsonObject &chunk);
    void onStreamEnd();
    void onError(const GatewayError &error);
    void respondError(const GatewayError &error);
    void finish(int status, const QString &errorType);
    void onClientGone();

    WorkerContext *worker_;
    std::shared_ptr<HttpExchange> exchange_;
    ClientApi api_;
    Operation operation_;
    QString endpointLabel_;
    QString requestId_;
    QJsonObject body_;  // OpenAI-shaped, without model and fallbacks
    bool stream_ = false;
    QList<Target> targets_;  // primary first, then fallbacks
    int current_ = -1;
    GatewayError primaryError_;
    bool havePrimaryError_ = false;
    std::shared_ptr<ProviderAttempt> attempt_;
    std::unique_ptr<anthropic::ChatStreamToMessages> anthropicStream_;
    QElapsedTimer clock_;
    bool finished_ = false;
};

}  // namespace gatehouse
