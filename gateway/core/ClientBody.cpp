#include "ClientBody.h"

#include "TraceRecorder.h"
#include "translate/PassThroughBody.h"

#include <QJsonDocument>

namespace gatehouse {

ClientBody::ClientBody(const ClientCodec *codec, const QByteArray *bytes, const ClientCall *call,
                       TraceRecorder *trace)
    : codec_(codec), bytes_(bytes), call_(call), trace_(trace) {}

ClientBody::~ClientBody() = default;

bool ClientBody::decode(QJsonObject *body, GatewayError *error) {
    if (codec_->isCanonical()) return true;
    DecodedRequest decoded;
    QString why;
    if (!codec_->decodeRequest(*body, *call_, &decoded, &why)) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    trace_->dropped(wireFormatName(codec_->format()), decoded.dropped);
    context_ = std::move(decoded.context);
    *body = std::move(decoded.chat);
    return true;
}

std::shared_ptr<const PassThroughBody> ClientBody::ownBytes() {
    if (ownBytes_) return *ownBytes_;
    ownBytes_.emplace();
    if (codec_->modelInPath()) {
        // The body goes as it is, unless it holds a gateway key the
        // provider would refuse (or may: such bytes are translated).
        if (!bytes_->contains("\"fallbacks\"") && !bytes_->contains("\"model\"")) {
            PassThroughBody whole;
            whole.bytes = *bytes_;
            *ownBytes_ = std::make_shared<const PassThroughBody>(std::move(whole));
        }
    } else if (auto quick = PassThroughBody::read(*bytes_)) {
        *ownBytes_ = std::make_shared<const PassThroughBody>(std::move(*quick));
    }
    return *ownBytes_;
}

std::shared_ptr<const PassThroughBody> ClientBody::chatBytes(const PassThroughBody &quick) {
    if (chatBytes_) return *chatBytes_;
    chatBytes_.emplace();
    PassThroughBody chat;
    CodecContext context;
    QStringList dropped;
    if (codec_->decodeRequestBytes(*bytes_, &chat.bytes, &chat.modelAt, &context, &dropped)) {
        trace_->dropped(wireFormatName(codec_->format()), dropped);
        chat.model = quick.model;
        chat.fallbacks = quick.fallbacks;
        chat.stream = quick.stream;
        context_ = std::move(context);  // the answer's
        *chatBytes_ = std::make_shared<const PassThroughBody>(std::move(chat));
    }
    return *chatBytes_;
}

bool ClientBody::canonical(bool stream, QJsonObject *out, GatewayError *error) {
    if (canonical_.isEmpty()) {
        QJsonObject parsed = QJsonDocument::fromJson(*bytes_).object();
        if (!codec_->isCanonical()) {
            if (!decode(&parsed, error)) return false;
            if (stream) askForStreamUsage(&parsed);
        }
        parsed.remove(QStringLiteral("fallbacks"));
        parsed.remove(QStringLiteral("model"));
        canonical_ = std::move(parsed);
    }
    *out = canonical_;
    return true;
}

void ClientBody::askForStreamUsage(QJsonObject *chat) {
    QJsonObject opts = chat->value(QStringLiteral("stream_options")).toObject();
    opts.insert(QStringLiteral("include_usage"), true);
    chat->insert(QStringLiteral("stream_options"), opts);
}

}  // namespace gatehouse
