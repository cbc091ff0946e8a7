#include "JsonRpc.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace gatehouse::mcp {

namespace {

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject base() {
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}};
}

bool validId(const QJsonValue &id) {
    return id.isString() || (id.isDouble() && std::isfinite(id.toDouble()));
}

}  // namespace

bool decodeMessage(const QJsonObject &o, JsonRpcMessage *out, QString *error) {
    if (o.value(QLatin1String("jsonrpc")) != QLatin1String("2.0")) {
        *error = QStringLiteral("not JSON-RPC 2.0: \"jsonrpc\" must be \"2.0\"");
        return false;
    }
    JsonRpcMessage m;
    const QJsonValue id = o.value(QLatin1String("id"));
    const QJsonValue method = o.value(QLatin1String("method"));
    if (!method.isUndefined()) {
        if (!method.isString() || method.toString().isEmpty()) {
            *error = QStringLiteral("\"method\" must be a non-empty string");
            return false;
        }
        m.method = method.toString();
        m.params = o.value(QLatin1String("params"));
        if (!m.params.isUndefined() && !m.params.isObject() && !m.params.isArray()) {
            *error = QStringLiteral("\"params\" of %1 must be an object or an array").arg(m.method);
            return false;
        }
        if (id.isUndefined()) {
            m.kind = JsonRpcMessage::Kind::Notification;
        } else if (!validId(id)) {
            *error = QStringLiteral("the id of %1 must be a string or a number").arg(m.method);
            return false;
        } else {
            m.kind = JsonRpcMessage::Kind::Request;
            m.id = id;
        }
        *out = std::move(m);
        return true;
    }
    // A response: its id may be null only for an error about a message
    // whose id could not be read.
    const bool hasResult = o.contains(QLatin1String("result"));
    const QJsonValue err = o.value(QLatin1String("error"));
    if (hasResult == !err.isUndefined()) {
        *error = QStringLiteral(
            "a message needs \"method\", or exactly one of \"result\" and "
            "\"error\"");
        return false;
    }
    if (!validId(id) && !(id.isNull() && !hasResult)) {
        *error = QStringLiteral("a response's id must be a string or a number");
        return false;
    }
    m.id = id;
    if (hasResult) {
        m.kind = JsonRpcMessage::Kind::Result;
        m.result = o.value(QLatin1String("result"));
    } else {
        const QJsonObject e = err.toObject();
        if (!err.isObject() || !e.value(QLatin1String("code")).isDouble()) {
            *error = QStringLiteral("\"error\" must be an object with a numeric \"code\"");
            return false;
        }
        m.kind = JsonRpcMessage::Kind::Error;
        m.errorCode = e.value(QLatin1String("code")).toInt();
        m.errorMessage = e.value(QLatin1String("message")).toString();
        m.errorData = e.value(QLatin1String("data"));
    }
    *out = std::move(m);
    return true;
}

bool decodeMessages(const QByteArray &json, QList<JsonRpcMessage> *out, QString *error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not JSON (%1 at byte %2)")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (doc.isObject()) {
        JsonRpcMessage m;
        if (!decodeMessage(doc.object(), &m, error)) return false;
        out->append(std::move(m));
        return true;
    }
    const QJsonArray batch = doc.array();
    if (!doc.isArray() || batch.isEmpty()) {
        *error = QStringLiteral("expected a JSON-RPC message (an object) or a non-empty batch");
        return false;
    }
    for (qsizetype i = 0; i < batch.size(); ++i) {
        JsonRpcMessage m;
        QString why = batch.at(i).isObject() ? QString() : QStringLiteral("not an object");
        if (why.isEmpty()) decodeMessage(batch.at(i).toObject(), &m, &why);
        if (!why.isEmpty()) {
            *error = QStringLiteral("batch element %1: %2").arg(i).arg(why);
            return false;
        }
        out->append(std::move(m));
    }
    return true;
}

QByteArray encodeRequest(const QJsonValue &id, const QString &method, const QJsonValue &params) {
    QJsonObject o = base();
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("method"), method);
    if (!params.isUndefined()) o.insert(QStringLiteral("params"), params);
    return compact(o);
}

QByteArray encodeNotification(const QString &method, const QJsonValue &params) {
    QJsonObject o = base();
    o.insert(QStringLiteral("method"), method);
    if (!params.isUndefined()) o.insert(QStringLiteral("params"), params);
    return compact(o);
}

QByteArray encodeResult(const QJsonValue &id, const QJsonValue &result) {
    QJsonObject o = base();
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("result"), result);
    return compact(o);
}

QByteArray encodeError(const QJsonValue &id, int code, const QString &message) {
    QJsonObject o = base();
    o.insert(QStringLiteral("id"), id.isUndefined() ? QJsonValue() : id);
    o.insert(QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}});
    return compact(o);
}

QList<QByteArray> LineSplitter::feed(const QByteArray &bytes) {
    QList<QByteArray> lines;
    if (failed_) return lines;
    qsizetype start = buffer_.size();
    buffer_ += bytes;
    qsizetype from = 0;
    for (qsizetype nl = buffer_.indexOf('\n', start); nl >= 0; nl = buffer_.indexOf('\n', from)) {
        qsizetype end = nl;
        if (end > from && buffer_.at(end - 1) == '\r') --end;
        if (end > from) lines.append(buffer_.mid(from, end - from));
        from = nl + 1;
    }
    buffer_.remove(0, from);
    if (buffer_.size() > max_) {
        failed_ = true;
        buffer_.clear();
    }
    return lines;
}

}  // namespace gatehouse::mcp
