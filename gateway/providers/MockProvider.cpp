#include "MockProvider.h"
#include "MockTool.h"

#include "config/GatewayConfig.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>
#include <cmath>

namespace gatehouse {

namespace {

QString textOf(const QJsonValue &content) {
    if (content.isString()) return content.toString();
    QStringList parts;
    for (const auto &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QStringLiteral("type")).toString() == QLatin1String("text"))
            parts << p.value(QStringLiteral("text")).toString();
    }
    return parts.join(QLatin1Char(' '));
}

int approxTokens(const QString &text) {
    return qMax(1, int(std::ceil(text.size() / 4.0)));
}

QString newId(const char *prefix) {
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::Id128).left(24);
}

QJsonObject usageFor(int prompt, int completion) {
    return {{QStringLiteral("prompt_tokens"), prompt},
            {QStringLiteral("completion_tokens"), completion},
            {QStringLiteral("total_tokens"), prompt + completion}};
}

// Deterministic unit vector for an input, so equal texts embed equally.
QJsonArray embeddingFor(const QString &text, int dimensions) {
    QJsonArray v;
    QByteArray seed = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    double norm = 0;
    QList<double> values;
    for (int i = 0; i < dimensions; ++i) {
        if (i > 0 && i % 32 == 0) seed = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
        const double x = (quint8(seed[i % 32]) - 127.5) / 127.5;
        values << x;
        norm += x * x;
    }
    norm = std::sqrt(norm) > 0 ? std::sqrt(norm) : 1;
    for (double x : values) v.append(x / norm);
    return v;
}

class MockCall : public QObject, public ProviderCall {
public:
    MockCall(ProviderRequest request, ProviderCallbacks callbacks)
        : request_(std::move(request)), callbacks_(std::move(callbacks)) {
        timer_.setSingleShot(true);
        connect(&timer_, &QTimer::timeout, this, [this] { step(); });
        timer_.start(request_.config->mock.latencyMs);
    }
    void cancel() override {
        cancelled_ = true;
        timer_.stop();
    }

private:
    void step() {
        if (cancelled_) return;
        if (request_.operation == Operation::Embedding) return answerEmbedding();
        if (!request_.stream) return answerWhole();
        streamNext();
    }

    QString promptText() const {
        if (request_.operation == Operation::TextCompletion) {
            const QJsonValue p = request_.body.value(QStringLiteral("prompt"));
            return p.isArray() ? p.toArray().at(0).toString() : p.toString();
        }
        QString all;
        for (const auto &m : request_.body.value(QStringLiteral("messages")).toArray())
            all += textOf(m.toObject().value(QStringLiteral("content"))) + QLatin1Char('\n');
        return all;
    }

    void answerWhole() {
        const QString text = mockAnswerText(request_);
        const qint64 created = QDateTime::currentSecsSinceEpoch();
        const QJsonObject usage = usageFor(approxTokens(promptText()), approxTokens(text));
        QJsonObject response;
        if (request_.operation == Operation::TextCompletion) {
            response = {{QStringLiteral("id"), newId("cmpl-mock-")},
                        {QStringLiteral("object"), QStringLiteral("text_completion")},
                        {QStringLiteral("created"), created},
                        {QStringLiteral("model"), request_.model},
                        {QStringLiteral("choices"),
                         QJsonArray{QJsonObject{
                             {QStringLiteral("index"), 0},
                             {QStringLiteral("text"), text},
                             {QStringLiteral("logprobs"), QJsonValue()},
                             {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
                        {QStringLiteral("usage"), usage}};
        } else if (const auto call = toolCall()) {
            response = chatCompletion(
                QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                            {QStringLiteral("content"), QJsonValue()},
                            {QStringLiteral("tool_calls"),
                             QJsonArray{QJsonObject{
                                 {QStringLiteral("id"), newId("call_mock_")},
                                 {QStringLiteral("type"), QStringLiteral("function")},
                                 {QStringLiteral("function"),
                                  QJsonObject{{QStringLiteral("name"), call->name},
                                              {QStringLiteral("arguments"), call->arguments}}}}}}},
                QStringLiteral("tool_calls"), created,
                usageFor(approxTokens(promptText()), approxTokens(call->arguments)));
        } else {
            response = {{QStringLiteral("id"), newId("chatcmpl-mock-")},
                        {QStringLiteral("object"), QStringLiteral("chat.completion")},
                        {QStringLiteral("created"), created},
                        {QStringLiteral("model"), request_.model},
                        {QStringLiteral("choices"),
                         QJsonArray{QJsonObject{
                             {QStringLiteral("index"), 0},
                             {QStringLiteral("message"),
                              QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                          {QStringLiteral("content"), text}}},
                             {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
                        {QStringLiteral("usage"), usage}};
        }
        callbacks_.onResponse(response, QByteArray());
    }

    // The "tool" model's call, if this request gets one (MockTool.h).
    std::optional<MockToolCall> toolCall() const {
        if (request_.operation != Operation::ChatCompletion ||
            request_.model != QLatin1String("tool"))
            return std::nullopt;
        return mockToolCall(request_.body);
    }

    QJsonObject chatCompletion(const QJsonObject &message, const QString &finishReason,
                               qint64 created, const QJsonObject &usage) const {
        return {{QStringLiteral("id"), newId("chatcmpl-mock-")},
                {QStringLiteral("object"), QStringLiteral("chat.completion")},
                {QStringLiteral("created"), created},
                {QStringLiteral("model"), request_.model},
                {QStringLiteral("choices"),
                 QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                        {QStringLiteral("message"), message},
                                        {QStringLiteral("finish_reason"), finishReason}}}},
                {QStringLiteral("usage"), usage}};
    }

    void answerEmbedding() {
        const QJsonValue input = request_.body.value(QStringLiteral("input"));
        QStringList texts;
        if (input.isArray())
            for (const auto &x : input.toArray())
                texts << (x.isString() ? x.toString() : QString::number(x.toDouble()));
        else
            texts << input.toString();
        const int dims = request_.body.value(QStringLiteral("dimensions")).toInt(16);
        QJsonArray data;
        int tokens = 0;
        for (int i = 0; i < texts.size(); ++i) {
            tokens += approxTokens(texts[i]);
            data.append(QJsonObject{
                {QStringLiteral("object"), QStringLiteral("embedding")},
                {QStringLiteral("index"), i},
                {QStringLiteral("embedding"), embeddingFor(texts[i], qBound(1, dims, 4096))}});
        }
        callbacks_.onResponse(
            {{QStringLiteral("object"), QStringLiteral("list")},
             {QStringLiteral("data"), data},
             {QStringLiteral("model"), request_.model},
             {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), tokens},
                                                   {QStringLiteral("total_tokens"), tokens}}}},
            QByteArray());
    }

    QJsonObject chunk(const QJsonObject &deltaOrText, const QJsonValue &finishReason) const {
        const bool text = request_.operation == Operation::TextCompletion;
        QJsonObject choice{{QStringLiteral("index"), 0},
                           {QStringLiteral("finish_reason"), finishReason}};
        if (text)
            choice.insert(QStringLiteral("text"),
                          deltaOrText.value(QStringLiteral("content")).toString());
        else
            choice.insert(QStringLiteral("delta"), deltaOrText);
        return {{QStringLiteral("id"), id_},
                {QStringLiteral("object"), text ? QStringLiteral("text_completion")
                                                : QStringLiteral("chat.completion.chunk")},
                {QStringLiteral("created"), created_},
                {QStringLiteral("model"), request_.model},
                {QStringLiteral("choices"), QJsonArray{choice}}};
    }

    void streamNext() {
        // A flag, not "no deltas yet": an empty answer has none at all, and
        // its stream must still end.
        if (!started_) {
            started_ = true;
            id_ = newId("chatcmpl-mock-");
            created_ = QDateTime::currentSecsSinceEpoch();
            planDeltas();
            callbacks_.onChunk(chunk({{QStringLiteral("role"), QStringLiteral("assistant")},
                                      {QStringLiteral("content"), QString()}},
                                     QJsonValue()));
        } else if (next_ < deltas_.size()) {
            callbacks_.onChunk(chunk(deltas_[next_++], QJsonValue()));
        } else {
            finishStream();
            return;
        }
        if (cancelled_) return;
        timer_.start(request_.config->mock.streamChunkDelayMs);
    }

    // The deltas to stream: the answer's words (with their trailing space, so
    // they join back to the text), or a tool call's name then its arguments in
    // two pieces, as real providers split them.
    void planDeltas() {
        if (const auto call = toolCall()) {
            finishReason_ = QStringLiteral("tool_calls");
            const auto toolDelta = [](const QJsonObject &fields) {
                return QJsonObject{{QStringLiteral("tool_calls"), QJsonArray{fields}}};
            };
            deltas_ << toolDelta({{QStringLiteral("index"), 0},
                                  {QStringLiteral("id"), newId("call_mock_")},
                                  {QStringLiteral("type"), QStringLiteral("function")},
                                  {QStringLiteral("function"),
                                   QJsonObject{{QStringLiteral("name"), call->name},
                                               {QStringLiteral("arguments"), QString()}}}});
            const qsizetype half = call->arguments.size() / 2;
            for (const QString &piece : {call->arguments.left(half), call->arguments.mid(half)})
                deltas_ << toolDelta({{QStringLiteral("index"), 0},
                                      {QStringLiteral("function"),
                                       QJsonObject{{QStringLiteral("arguments"), piece}}}});
            return;
        }
        static const QRegularExpression words(QStringLiteral("\\S+\\s*|\\s+"));
        auto it = words.globalMatch(mockAnswerText(request_));
        while (it.hasNext())
            deltas_ << QJsonObject{{QStringLiteral("content"), it.next().captured()}};
    }

    void finishStream() {
        callbacks_.onChunk(chunk(QJsonObject{}, finishReason_));
        if (cancelled_) return;
        const QJsonObject usage = usageFor(approxTokens(promptText()), deltas_.size());
        const bool wantUsage = request_.body.value(QStringLiteral("stream_options"))
                                   .toObject()
                                   .value(QStringLiteral("include_usage"))
                                   .toBool();
        if (wantUsage) {
            QJsonObject last = chunk(QJsonObject{}, QJsonValue());
            last.insert(QStringLiteral("choices"), QJsonArray{});
            last.insert(QStringLiteral("usage"), usage);
            callbacks_.onChunk(last);
            if (cancelled_) return;
        }
        callbacks_.onStreamEnd(usage);
    }

    ProviderRequest request_;
    ProviderCallbacks callbacks_;
    QTimer timer_;
    QList<QJsonObject> deltas_;
    QString finishReason_ = QStringLiteral("stop");
    int next_ = 0;
    bool started_ = false;
    QString id_;
    qint64 created_ = 0;
    bool cancelled_ = false;
};

class MockCallHandle : public ProviderCall {
public:
    explicit MockCallHandle(MockCall *call) : call_(call) {}
    ~MockCallHandle() override { cancel(); }
    void cancel() override {
        if (!call_) return;
        call_->cancel();
        call_->deleteLater();  // may be inside one of its own callbacks
        call_ = nullptr;
    }

private:
    MockCall *call_;
};

}  // namespace

QString mockAnswerText(const ProviderRequest &request) {
    if (request.model == QLatin1String("tool") && request.operation == Operation::ChatCompletion) {
        const QString results = mockToolResultText(request.body);
        if (!results.isEmpty()) return results;
    } else if (request.model != QLatin1String("echo")) {
        return request.config->mock.responseText;
    }
    if (request.operation == Operation::TextCompletion) {
        const QJsonValue p = request.body.value(QStringLiteral("prompt"));
        return p.isArray() ? p.toArray().at(0).toString() : p.toString();
    }
    const QJsonArray messages = request.body.value(QStringLiteral("messages")).toArray();
    for (auto it = messages.end(); it != messages.begin();) {
        --it;
        const QJsonObject m = it->toObject();
        if (m.value(QStringLiteral("role")).toString() == QLatin1String("user"))
            return textOf(m.value(QStringLiteral("content")));
    }
    return QString();
}

std::unique_ptr<ProviderCall> MockProvider::start(const ProviderRequest &request,
                                                  ProviderCallbacks callbacks) {
    return std::make_unique<MockCallHandle>(new MockCall(request, std::move(callbacks)));
}

}  // namespace gatehouse
