#include "ConfigMasking.h"

#include <QJsonArray>

namespace gatehouse {
namespace ConfigMasking {

namespace {
const QString kKeys = QStringLiteral("keys");
const QString kValue = QStringLiteral("value");
const QString kName = QStringLiteral("name");
}  // namespace

QString maskKey(const QString &value) {
    if (value.isEmpty() || value.startsWith(QLatin1String("env."))) return value;
    if (value.size() <= 12) return QStringLiteral("***");
    return value.left(3) + QStringLiteral("...") + value.right(4);
}

bool isMasked(const QString &value) {
    return value == QLatin1String("***") ||
           (value.size() == 10 && value.mid(3, 3) == QLatin1String("..."));
}

QJsonObject maskProvider(const QJsonObject &provider) {
    QJsonObject out = provider;
    QJsonArray keys = provider.value(kKeys).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (!keys[i].isObject()) continue;
        QJsonObject key = keys[i].toObject();
        const QJsonValue value = key.value(kValue);
        if (value.isString()) key.insert(kValue, maskKey(value.toString()));
        keys[i] = key;
    }
    if (provider.contains(kKeys)) out.insert(kKeys, keys);
    return out;
}

QJsonObject restoreMaskedKeys(const QJsonObject &incoming, const QJsonObject &stored) {
    const QJsonArray storedKeys = stored.value(kKeys).toArray();
    QJsonArray keys = incoming.value(kKeys).toArray();
    auto storedValueFor = [&](const QJsonObject &key, qsizetype index) -> QString {
        const QString masked = key.value(kValue).toString();
        auto matches = [&](const QJsonValue &candidate) {
            return candidate.isObject() &&
                   maskKey(candidate.toObject().value(kValue).toString()) == masked;
        };
        const QString name = key.value(kName).toString();
        if (!name.isEmpty())
            for (const QJsonValue &c : storedKeys)
                if (c.toObject().value(kName).toString() == name && matches(c))
                    return c.toObject().value(kValue).toString();
        if (index < storedKeys.size() && matches(storedKeys.at(index)))
            return storedKeys.at(index).toObject().value(kValue).toString();
        for (const QJsonValue &c : storedKeys)
            if (matches(c)) return c.toObject().value(kValue).toString();
        return {};
    };
    for (qsizetype i = 0; i < keys.size(); ++i) {
        QJsonObject key = keys[i].toObject();
        const QString value = key.value(kValue).toString();
        if (!keys[i].isObject() || !isMasked(value)) continue;
        const QString original = storedValueFor(key, i);
        if (original.isEmpty()) continue;  // left masked: refused as unknown by the caller
        key.insert(kValue, original);
        keys[i] = key;
    }
    QJsonObject out = incoming;
    if (incoming.contains(kKeys)) out.insert(kKeys, keys);
    return out;
}

}  // namespace ConfigMasking
}  // namespace gatehouse
