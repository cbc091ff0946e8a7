#pragma once

#include "FakeUpstream.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QString>
#include <memory>

namespace gatehouse::test {

// Google Vertex AI in front of a FakeUpstream (through its route hook):
//   POST /token  the OAuth JWT-bearer grant. The assertion's RS256 signature
//                must verify with the test service account's public key
//                (tests/support/fixtures/vertex), its claims must be the
//                account's (iss, scope cloud-platform, aud = this URL, a
//                one-hour exp, kid); then a fresh token "ya29.fake-N" that
//                expires after tokenLifetimeSeconds. With refuseTokens: 400
//                {"error":"invalid_grant","error_description":...}.
//   POST /v1/projects/{p}/locations/{r}/publishers/google/models/{m}:generateContent
//        (:streamGenerateContent?alt=sse) and .../publishers/anthropic/models/{m}:rawPredict
//        (:streamRawPredict): need "Authorization: Bearer <an issued, unexpired
//        token>" (401 in Vertex's error shape otherwise) and the expected
//        project; answered by FakeUpstream's Gemini and Messages endpoints
//        (an Anthropic body must carry anthropic_version vertex-2023-10-16 and
//        no model); .../publishers/google/models/{m}:predict answers text
//        embeddings (FakeEmbeddings.h) after the same checks.
class FakeVertex {
public:
    static constexpr char kProject[] = "gatehouse-test";
    static constexpr char kRegion[] = "us-east5";

    explicit FakeVertex(FakeUpstream *upstream);

    void setTokenLifetimeSeconds(int seconds);
    void setRefuseTokens(bool refuse);
    // Hold each token answer this long (blocking the fake's thread: for
    // tests that leave while a token is on its way).
    void setTokenDelayMs(int ms);
    int tokenExchanges() const;
    int rejectedRequests() const;  // model calls refused for their token
    QString lastTokenError() const;

    // The test service account's JSON with token_uri at `tokenUri`.
    static QByteArray serviceAccountJson(const QString &tokenUri);
    static QString fixturePath(const QString &name);

private:
    struct State;
    std::shared_ptr<State> state_;
};

// Verifies an RS256 JWT with a PEM public key; fills header and claims.
bool verifyRs256Jwt(const QByteArray &jwt, const QByteArray &publicKeyPem, QJsonObject *header,
                    QJsonObject *claims, QString *error);

}  // namespace gatehouse::test
