#include "ServiceAccountJwt.h"

#include "json/JsonWriter.h"

#include <QJsonObject>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace gatehouse {

namespace {

QByteArray base64Url(const QByteArray &data) {
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString openSslError() {
    char text[256] = {};
    const unsigned long code = ERR_get_error();
    ERR_clear_error();  // the rest of the queue belongs to this failure too
    if (code == 0) return QStringLiteral("unknown error");
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

struct BioFree {
    void operator()(BIO *b) const { BIO_free(b); }
};
struct KeyFree {
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

bool signRs256(const QByteArray &pemKey, const QByteArray &data, QByteArray *signature,
               QString *error) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pemKey.constData(), int(pemKey.size())));
    std::unique_ptr<EVP_PKEY, KeyFree> key(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        *error = QStringLiteral("private_key is not a PEM private key (%1)").arg(openSslError());
        return false;
    }
    if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
        *error = QStringLiteral("private_key is not an RSA key; RS256 needs one");
        return false;
    }
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       size_t(data.size())) != 1) {
        *error = QStringLiteral("signing failed (%1)").arg(openSslError());
        return false;
    }
    signature->resize(qsizetype(length));
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature->data()), &length,
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       size_t(data.size())) != 1) {
        *error = QStringLiteral("signing failed (%1)").arg(openSslError());
        return false;
    }
    signature->resize(qsizetype(length));
    return true;
}

QByteArray signServiceAccountJwt(const ServiceAccount &account, qint64 issuedAtSeconds,
                                 QString *error) {
    QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                       {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!account.privateKeyId.isEmpty()) header.insert(QStringLiteral("kid"), account.privateKeyId);
    const QJsonObject claims{
        {QStringLiteral("iss"), account.clientEmail},
        {QStringLiteral("scope"), QLatin1String(kCloudPlatformScope)},
        {QStringLiteral("aud"), account.tokenUri},
        {QStringLiteral("iat"), issuedAtSeconds},
        {QStringLiteral("exp"), issuedAtSeconds + 3600},
    };
    const QByteArray signingInput =
        base64Url(toCompactJson(header)) + '.' + base64Url(toCompactJson(claims));
    QByteArray signature;
    QString why;
    if (!signRs256(account.privateKey.toUtf8(), signingInput, &signature, &why)) {
        *error = QStringLiteral("service account %1: %2").arg(account.clientEmail, why);
        return {};
    }
    return signingInput + '.' + base64Url(signature);
}

}  // namespace gatehouse
