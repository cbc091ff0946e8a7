#include "CacheKey.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QtEndian>

namespace gatehouse::cache {

namespace {

// Length before each part, so ("ab","c") and ("a","bc") hash differently.
void addPart(QCryptographicHash &hash, const QByteArray &part) {
    const quint64 size = qToBigEndian(quint64(part.size()));
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&size), sizeof size));
    hash.addData(part);
}

}  // namespace

QByteArray cacheKey(const PluginRequest &request, const QByteArray &partition) {
    QJsonObject body = request.body;
    body.remove(QStringLiteral("stream"));
    body.remove(QStringLiteral("stream_options"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    addPart(hash, request.endpoint.toUtf8());
    addPart(hash, request.provider.toUtf8());
    addPart(hash, request.model.toUtf8());
    addPart(hash, partition);
    // Canonical: QJsonObject keeps its keys sorted at every level, so the
    // compact text does not depend on the order the client wrote them in.
    addPart(hash, QJsonDocument(body).toJson(QJsonDocument::Compact));
    return hash.result().toHex();
}

}  // namespace gatehouse::cache
