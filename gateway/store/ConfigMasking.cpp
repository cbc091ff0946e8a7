#include "store/ConfigMasking.h"

#include "security/SecretMask.h"

#include <QJsonArray>

namespace gatehouse {
namespace ConfigMasking {

namespace {
const QString kKeys = QStringLiteral("keys");
const QString kValue = QStringLiteral("value");
const QString kName = QStringLiteral("name");
const QString kNetwork = QStringLiteral("network_config");
const QString kHeaders = QStringLiteral("extra_headers");

// Secrets a key holds besides its value: its settings object and the field.
// An AWS access key id names the key; its secret and session token do not.
struct NestedSecret {
    const char *object;
    const char *field;
};
constexpr NestedSecret kNestedSecrets[] = {
    {"bedrock_key_config", "secret_key"},
    {"bedrock_key_config", "session_token"},
    // A service account's JSON holds its private key.
    {"vertex_key_config", "auth_credentials"},
};

QString nestedValue(const QJsonObject &key, const NestedSecret &s) {
    return key.value(QLatin1String(s.object)).toObject().value(QLatin1String(s.field)).toString();
}

void setNestedValue(QJsonObject *key, const NestedSecret &s, const QString &value) {
    const QString object = QLatin1String(s.object);
    QJsonObject settings = key->value(object).toObject();
    settings.insert(QLatin1String(s.field), value);
    key->insert(object, settings);
}

// The stored key an incoming one stands for: the same name, else the same place.
QJsonObject storedKeyFor(const QJsonObject &key, qsizetype index, const QJsonArray &storedKeys) {
    const QString name = key.value(kName).toString();
    if (!name.isEmpty())
        for (const QJsonValue &c : storedKeys)
            if (c.toObject().value(kName).toString() == name) return c.toObject();
    return index < storedKeys.size() ? storedKeys.at(index).toObject() : QJsonObject();
}
}  // namespace

QString maskKey(const QString &value) {
    if (value.isEmpty() || value.startsWith(QLatin1String("env."))) return value;
    return SecretMask::mask(value);
}

bool isMasked(const QString &value) {
    // SecretMask's shapes: "****", or an optional short prefix, "..." and 4 characters.
    const qsizetype dots = value.indexOf(QLatin1String("..."));
    return value == QLatin1String("****") || (dots >= 0 && dots <= 4 && value.size() == dots + 7);
}

QJsonObject maskProvider(const QJsonObject &provider) {
    QJsonObject out = provider;
    QJsonArray keys = provider.value(kKeys).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (!keys[i].isObject()) continue;
        QJsonObject key = keys[i].toObject();
        const QJsonValue value = key.value(kValue);
        if (value.isString()) key.insert(kValue, maskKey(value.toString()));
        for (const NestedSecret &secret : kNestedSecrets)
            if (!nestedValue(key, secret).isEmpty())
                setNestedValue(&key, secret, maskKey(nestedValue(key, secret)));
        keys[i] = key;
    }
    if (provider.contains(kKeys)) out.insert(kKeys, keys);
    // Credentials in extra headers (Authorization, api-key, ...) too.
    QJsonObject network = provider.value(kNetwork).toObject();
    QJsonObject headers = network.value(kHeaders).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        if (SecretMask::isSecretHeaderName(it.key()) && it.value().isString())
            it.value() = maskKey(it.value().toString());
    if (network.contains(kHeaders)) {
        network.insert(kHeaders, headers);
        out.insert(kNetwork, network);
    }
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
        if (!keys[i].isObject()) continue;
        for (const NestedSecret &secret : kNestedSecrets) {
            const QString given = nestedValue(key, secret);
            if (!isMasked(given)) continue;
            const QString original = nestedValue(storedKeyFor(key, i, storedKeys), secret);
            if (!original.isEmpty() && maskKey(original) == given)
                setNestedValue(&key, secret, original);
        }
        keys[i] = key;
        const QString value = key.value(kValue).toString();
        if (!isMasked(value)) continue;
        const QString original = storedValueFor(key, i);
        if (original.isEmpty()) continue;  // left masked: refused as unknown by the caller
        key.insert(kValue, original);
        keys[i] = key;
    }
    QJsonObject out = incoming;
    if (incoming.contains(kKeys)) out.insert(kKeys, keys);
    const QJsonObject storedHeaders = stored.value(kNetwork).toObject().value(kHeaders).toObject();
    QJsonObject network = incoming.value(kNetwork).toObject();
    QJsonObject headers = network.value(kHeaders).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString original = storedHeaders.value(it.key()).toString();
        if (isMasked(it.value().toString()) && maskKey(original) == it.value().toString())
            it.value() = original;
    }
    if (network.contains(kHeaders)) {
        network.insert(kHeaders, headers);
        out.insert(kNetwork, network);
    }
    return out;
}

QString maskedSettingsSecret(const QJsonObject &key) {
    for (const NestedSecret &secret : kNestedSecrets)
        if (isMasked(nestedValue(key, secret)))
            return QLatin1String(secret.object) + QLatin1Char('.') + QLatin1String(secret.field);
    return {};
}

}  // namespace ConfigMasking
}  // namespace gatehouse
