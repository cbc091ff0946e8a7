#include "FakeVertex.h"

#include "FakeEmbeddings.h"

#include "json/JsonWriter.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QUrlQuery>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace gatehouse::test {

namespace {

const char kClientEmail[] = "gatehouse-test@gatehouse-test.iam.gserviceaccount.com";
const char kKeyId[] = "test-key-id-0001";

QByteArray vertexError(int code, const QString &message, const char *status) {
    return toCompactJson(QJsonObject{
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                              {QStringLiteral("message"), message},
                                              {QStringLiteral("status"), QLatin1String(status)}}}});
}

}  // namespace

bool verifyRs256Jwt(const QByteArray &jwt, const QByteArray &publicKeyPem, QJsonObject *header,
                    QJsonObject *claims, QString *error) {
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3) {
        *error = QStringLiteral("not a JWT (three dot-separated parts)");
        return false;
    }
    const auto decode = [](const QByteArray &part) {
        return QByteArray::fromBase64(
            part, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    *header = QJsonDocument::fromJson(decode(parts[0])).object();
    *claims = QJsonDocument::fromJson(decode(parts[1])).object();
    const QByteArray signature = decode(parts[2]);
    const QByteArray signedPart = parts[0] + '.' + parts[1];
    BIO *bio = BIO_new_mem_buf(publicKeyPem.constData(), int(publicKeyPem.size()));
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(signedPart.constData()),
                         size_t(signedPart.size())) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    if (!ok) *error = QStringLiteral("Invalid JWT Signature.");
    return ok;
}

struct FakeVertex::State {
    mutable QMutex mutex;
    int lifetimeSeconds = 3600;
    bool refuse = false;
    int tokenDelayMs = 0;
    int exchanges = 0;
    int rejected = 0;
    QString lastTokenError;
    QHash<QByteArray, qint64> expiresAtMs;  // issued token -> expiry
    QByteArray publicKey;
};

QString FakeVertex::fixturePath(const QString &name) {
    return QStringLiteral(GATEHOUSE_VERTEX_FIXTURES "/") + name;
}

QByteArray FakeVertex::serviceAccountJson(const QString &tokenUri) {
    QFile file(fixturePath(QStringLiteral("test-service-account.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    QJsonObject account = QJsonDocument::fromJson(file.readAll()).object();
    account.insert(QStringLiteral("token_uri"), tokenUri);
    return toCompactJson(account);
}

FakeVertex::FakeVertex(FakeUpstream *upstream) : state_(std::make_shared<State>()) {
    QFile pub(fixturePath(QStringLiteral("test-service-account.pub.pem")));
    if (pub.open(QIODevice::ReadOnly)) state_->publicKey = pub.readAll();
    auto st = state_;
    upstream->setRouteHook([st](FakeRoute *route, FakeHookAnswer *answer) {
        if (route->path == "/token") {
            int delay = 0;
            {
                QMutexLocker lock(&st->mutex);
                delay = st->tokenDelayMs;
            }
            if (delay > 0) QThread::msleep(ulong(delay));
            const QUrlQuery form(QString::fromUtf8(route->body));
            const QByteArray jwt =
                form.queryItemValue(QStringLiteral("assertion"), QUrl::FullyDecoded).toUtf8();
            QJsonObject header, claims;
            QString why;
            bool ok = form.queryItemValue(QStringLiteral("grant_type"), QUrl::FullyDecoded) ==
                      QLatin1String("urn:ietf:params:oauth:grant-type:jwt-bearer");
            if (!ok)
                why = QStringLiteral("Invalid grant_type.");
            else
                ok = verifyRs256Jwt(jwt, st->publicKey, &header, &claims, &why);
            if (ok && (header.value(QLatin1String("alg")) != QLatin1String("RS256") ||
                       header.value(QLatin1String("kid")) != QLatin1String(kKeyId) ||
                       claims.value(QLatin1String("iss")) != QLatin1String(kClientEmail) ||
                       claims.value(QLatin1String("scope")) !=
                           QLatin1String("https://www.googleapis.com/auth/cloud-platform") ||
                       claims.value(QLatin1String("exp")).toInteger() -
                               claims.value(QLatin1String("iat")).toInteger() !=
                           3600 ||
                       !claims.value(QLatin1String("aud"))
                            .toString()
                            .endsWith(QLatin1String("/token")))) {
                ok = false;
                why = QStringLiteral("Invalid JWT: claims or header are not the account's.");
            }
            QMutexLocker lock(&st->mutex);
            ++st->exchanges;
            if (ok && st->refuse) {
                ok = false;
                why = QStringLiteral("Invalid grant: account not found");
            }
            if (!ok) {
                st->lastTokenError = why;
                answer->status = 400;
                answer->body = toCompactJson(
                    QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")},
                                {QStringLiteral("error_description"), why}});
                return true;
            }
            const QByteArray token = "ya29.fake-" + QByteArray::number(st->exchanges);
            st->expiresAtMs.insert(
                token, QDateTime::currentMSecsSinceEpoch() + qint64(st->lifetimeSeconds) * 1000);
            answer->body = toCompactJson(
                QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(token)},
                            {QStringLiteral("expires_in"), st->lifetimeSeconds},
                            {QStringLiteral("token_type"), QStringLiteral("Bearer")}});
            return true;
        }
        if (!route->path.startsWith("/v1/projects/")) return false;
        const QByteArray auth = route->headers.value("Authorization");
        {
            QMutexLocker lock(&st->mutex);
            const qint64 expires = st->expiresAtMs.value(auth.mid(7), 0);
            if (!auth.startsWith("Bearer ") || expires < QDateTime::currentMSecsSinceEpoch()) {
                ++st->rejected;
                answer->status = 401;
                answer->body = vertexError(401,
                                           QStringLiteral("Request had invalid authentication "
                                                          "credentials (fake Vertex)."),
                                           "UNAUTHENTICATED");
                return true;
            }
        }
        // projects/{p}/locations/{r}/publishers/{pub}/models/{model}:{method}
        const QList<QByteArray> parts = route->path.mid(4).split('/');
        if (parts.size() != 8 || parts[0] != "projects" || parts[2] != "locations" ||
            parts[4] != "publishers" || parts[6] != "models" || parts[1] != kProject ||
            parts[3] != kRegion) {
            answer->status = 404;
            answer->body = vertexError(
                404, QStringLiteral("Unknown Vertex path %1").arg(QString::fromUtf8(route->path)),
                "NOT_FOUND");
            return true;
        }
        const QByteArray publisher = parts[5];
        const qsizetype colon = parts[7].lastIndexOf(':');
        const QByteArray model = parts[7].left(colon);
        const QByteArray method = parts[7].mid(colon + 1);
        if (publisher == "google" && method == "predict") {
            const fake::FakeEmbedAnswer a = fake::vertexPredict(model, route->body);
            answer->status = a.status;
            answer->body = a.body;
            return true;
        }
        if (publisher == "google") {
            // FakeUpstream's Gemini endpoint, which wants a key of its own.
            route->path = "/v1beta/models/" + model + ':' + method;
            route->headers.set("x-goog-api-key", "vertex");
            return false;
        }
        QJsonObject body = QJsonDocument::fromJson(route->body).object();
        if (publisher != "anthropic" || (method != "rawPredict" && method != "streamRawPredict") ||
            body.contains(QLatin1String("model")) ||
            body.value(QLatin1String("anthropic_version")) != QLatin1String("vertex-2023-10-16")) {
            answer->status = 400;
            answer->body = vertexError(
                400,
                QStringLiteral("Not a Vertex Anthropic request (publisher %1, method %2, body "
                               "needs anthropic_version and no model)")
                    .arg(QString::fromUtf8(publisher), QString::fromUtf8(method)),
                "INVALID_ARGUMENT");
            return true;
        }
        body.insert(QStringLiteral("model"), QString::fromUtf8(model));
        route->path = "/v1/messages";
        route->body = toCompactJson(body);
        return false;
    });
}

void FakeVertex::setTokenLifetimeSeconds(int seconds) {
    QMutexLocker lock(&state_->mutex);
    state_->lifetimeSeconds = seconds;
}

void FakeVertex::setTokenDelayMs(int ms) {
    QMutexLocker lock(&state_->mutex);
    state_->tokenDelayMs = ms;
}

void FakeVertex::setRefuseTokens(bool refuse) {
    QMutexLocker lock(&state_->mutex);
    state_->refuse = refuse;
}

int FakeVertex::tokenExchanges() const {
    QMutexLocker lock(&state_->mutex);
    return state_->exchanges;
}

int FakeVertex::rejectedRequests() const {
    QMutexLocker lock(&state_->mutex);
    return state_->rejected;
}

QString FakeVertex::lastTokenError() const {
    QMutexLocker lock(&state_->mutex);
    return state_->lastTokenError;
}

}  // namespace gatehouse::test
