#include "ApiToken.h"

#include "PrivateFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <array>

namespace gatehouse {

namespace {
constexpr int kRandomBytes = 32;

QByteArray newTokenValue() {
    std::array<quint32, kRandomBytes / sizeof(quint32)> words;
    QRandomGenerator::system()->generate(words.begin(), words.end());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), kRandomBytes);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
}  // namespace

ApiToken::ApiToken(QByteArray value, QString path)
    : value_(std::move(value)),
      path_(std::move(path)),
      digest_(QCryptographicHash::hash(value_, QCryptographicHash::Sha256)) {}

QString ApiToken::defaultPath() {
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return QDir(config).filePath(QStringLiteral("gatehouse/api-token"));
}

std::optional<ApiToken> ApiToken::loadOrCreate(const QString &path, QString *error, bool *created) {
    if (created) *created = false;
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral(
                         "cannot read the API token file %1: %2 — check its owner and "
                         "permissions")
                         .arg(path, file.errorString());
            return std::nullopt;
        }
        const QByteArray value = file.readAll().trimmed();
        file.close();
        if (!value.isEmpty()) {
            if (value.size() < kMinimumLength) {
                *error = QStringLiteral(
                             "the API token in %1 is shorter than %2 characters: put a "
                             "longer secret there, or delete the file and a new "
                             "token is generated at the next start")
                             .arg(path)
                             .arg(kMinimumLength);
                return std::nullopt;
            }
            // Someone (a copy, an editor) widened its mode: a secret others
            // can read is not a secret.
            if (!PrivateFile::isPrivate(path))
                QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            return ApiToken(value, path);
        }
    }
    const QByteArray value = newTokenValue();
    if (!PrivateFile::write(path, value + '\n', error)) return std::nullopt;
    if (created) *created = true;
    return ApiToken(value, path);
}

ApiToken ApiToken::generate() {
    return ApiToken(newTokenValue(), QString());
}

bool ApiToken::matches(const QByteArray &candidate) const {
    if (value_.isEmpty() || candidate.isEmpty()) return false;
    // Comparing digests makes both sides the same length, so neither the
    // length nor the first differing byte shows in the time taken.
    const QByteArray b = QCryptographicHash::hash(candidate, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < digest_.size(); ++i)
        difference |= static_cast<unsigned char>(digest_[i] ^ b[i]);
    return difference == 0;
}

}  // namespace gatehouse
