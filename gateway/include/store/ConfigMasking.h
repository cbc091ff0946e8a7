#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse {

// Provider keys as the API and the panel show them (SecretMask's way):
// enough to recognise a key ("sk-...abcd"), never enough to use it. Environment references
// ("env.OPENAI_API_KEY") are names, not secrets, and are shown as they are.
namespace ConfigMasking {

QString maskKey(const QString &value);
bool isMasked(const QString &value);
// The provider object with every keys[].value masked, the secrets inside a
// key's settings (bedrock_key_config's secret_key and session_token), and the
// values of extra headers that carry credentials (SecretMask::isSecretHeaderName).
QJsonObject maskProvider(const QJsonObject &provider);
// A provider object sent back by a client: each key value that is the mask
// of a stored key (same name, else same position, else any) becomes that
// stored value again (headers: the stored header of the same name; a key's
// settings secrets: those of the stored key of the same name, else place), so
// an unchanged key survives a GET-edit-PUT round trip.
QJsonObject restoreMaskedKeys(const QJsonObject &incoming, const QJsonObject &stored);
// The path inside `key` of a settings secret that is still a mask
// ("bedrock_key_config.secret_key"), empty when there is none.
QString maskedSettingsSecret(const QJsonObject &key);

}  // namespace ConfigMasking
}  // namespace gatehouse
