// The Vertex provider's service-account auth and URLs: the RS256 JWT (its
// signature checked with the test account's public key), its claims, where
// the account is read from, and Vertex's model URLs.
#include "FakeVertex.h"
#include "config/GatewayConfig.h"
#include "providers/vertex/ServiceAccount.h"
#include "providers/vertex/ServiceAccountJwt.h"
#include "providers/vertex/VertexDialects.h"
#include "store/ConfigMasking.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::test::FakeVertex;

namespace {

QByteArray readFixture(const QString &name) {
    QFile file(FakeVertex::fixturePath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

ServiceAccount testAccount() {
    ServiceAccount account;
    QString error;
    EXPECT_TRUE(parseServiceAccount(
        FakeVertex::serviceAccountJson(QStringLiteral("https://oauth2.example/token")),
        QStringLiteral("test"), &account, &error))
        << error.toStdString();
    return account;
}

TEST(VertexJwtTest, SignedWithTheAccountsKeyAndCarriesItsClaims) {
    const ServiceAccount account = testAccount();
    QString error;
    const QByteArray jwt = signServiceAccountJwt(account, 1700000000, &error);
    ASSERT_FALSE(jwt.isEmpty()) << error.toStdString();
    QJsonObject header, claims;
    ASSERT_TRUE(test::verifyRs256Jwt(jwt, readFixture("test-service-account.pub.pem"), &header,
                                     &claims, &error))
        << error.toStdString();
    EXPECT_EQ(header["alg"], "RS256");
    EXPECT_EQ(header["typ"], "JWT");
    EXPECT_EQ(header["kid"], "test-key-id-0001");
    EXPECT_EQ(claims["iss"], "gatehouse-test@gatehouse-test.iam.gserviceaccount.com");
    EXPECT_EQ(claims["scope"], "https://www.googleapis.com/auth/cloud-platform");
    EXPECT_EQ(claims["aud"], "https://oauth2.example/token");
    EXPECT_EQ(claims["iat"].toInteger(), 1700000000);
    EXPECT_EQ(claims["exp"].toInteger(), 1700003600);
}

TEST(VertexJwtTest, ATamperedTokenDoesNotVerify) {
    QString error;
    QByteArray jwt = signServiceAccountJwt(testAccount(), 1700000000, &error);
    ASSERT_FALSE(jwt.isEmpty());
    jwt[jwt.indexOf('.') + 3] = jwt[jwt.indexOf('.') + 3] == 'A' ? 'B' : 'A';
    QJsonObject header, claims;
    EXPECT_FALSE(test::verifyRs256Jwt(jwt, readFixture("test-service-account.pub.pem"), &header,
                                      &claims, &error));
}

TEST(VertexJwtTest, BadPemIsAClearErrorWithoutTheKey) {
    ServiceAccount account = testAccount();
    account.privateKey = QStringLiteral(
        "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END "
        "PRIVATE KEY-----\n");
    QString error;
    EXPECT_TRUE(signServiceAccountJwt(account, 1700000000, &error).isEmpty());
    EXPECT_TRUE(error.contains("not a PEM private key")) << error.toStdString();
    EXPECT_TRUE(error.contains(account.clientEmail)) << error.toStdString();
    EXPECT_FALSE(error.contains("not-a-key")) << error.toStdString();
}

TEST(VertexServiceAccountTest, ReadFromJsonTextEnvReferenceFilePathAndDefaultVariable) {
    const QByteArray json = FakeVertex::serviceAccountJson(QStringLiteral("http://t/token"));
    ServiceAccount account;
    QString error;
    ASSERT_TRUE(loadServiceAccount(QString::fromUtf8(json), &account, &error))
        << error.toStdString();
    EXPECT_EQ(account.tokenUri, "http://t/token");
    EXPECT_EQ(account.privateKeyId, "test-key-id-0001");

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sa.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    account = {};
    ASSERT_TRUE(loadServiceAccount(path, &account, &error)) << error.toStdString();
    EXPECT_EQ(account.clientEmail, "gatehouse-test@gatehouse-test.iam.gserviceaccount.com");

    qputenv("GATEHOUSE_TEST_VERTEX_SA", json);
    account = {};
    ASSERT_TRUE(
        loadServiceAccount(QStringLiteral("env.GATEHOUSE_TEST_VERTEX_SA"), &account, &error))
        << error.toStdString();
    EXPECT_EQ(account.tokenUri, "http://t/token");
    qputenv("GATEHOUSE_TEST_VERTEX_SA", path.toUtf8());  // a variable naming a file
    account = {};
    ASSERT_TRUE(
        loadServiceAccount(QStringLiteral("env.GATEHOUSE_TEST_VERTEX_SA"), &account, &error))
        << error.toStdString();
    EXPECT_FALSE(account.privateKey.isEmpty());
    qunsetenv("GATEHOUSE_TEST_VERTEX_SA");

    const QByteArray saved = qgetenv("GOOGLE_APPLICATION_CREDENTIALS");
    qputenv("GOOGLE_APPLICATION_CREDENTIALS", path.toUtf8());
    account = {};
    EXPECT_TRUE(loadServiceAccount(QString(), &account, &error)) << error.toStdString();
    EXPECT_EQ(account.privateKeyId, "test-key-id-0001");
    qunsetenv("GOOGLE_APPLICATION_CREDENTIALS");
    EXPECT_FALSE(loadServiceAccount(QString(), &account, &error));
    EXPECT_TRUE(error.contains("GOOGLE_APPLICATION_CREDENTIALS")) << error.toStdString();
    if (!saved.isEmpty()) qputenv("GOOGLE_APPLICATION_CREDENTIALS", saved);
}

TEST(VertexServiceAccountTest, ProblemsAreNamedWithoutQuotingTheKey) {
    ServiceAccount account;
    QString error;
    EXPECT_FALSE(loadServiceAccount(QStringLiteral("/nonexistent/sa.json"), &account, &error));
    EXPECT_TRUE(error.contains("/nonexistent/sa.json")) << error.toStdString();
    EXPECT_FALSE(
        loadServiceAccount(QStringLiteral("env.GATEHOUSE_TEST_UNSET_VAR"), &account, &error));
    EXPECT_TRUE(error.contains("GATEHOUSE_TEST_UNSET_VAR")) << error.toStdString();
    EXPECT_FALSE(parseServiceAccount(R"({"type":"authorized_user","private_key":"secret"})",
                                     QStringLiteral("x"), &account, &error));
    EXPECT_TRUE(error.contains("authorized_user")) << error.toStdString();
    EXPECT_FALSE(parseServiceAccount(R"({"type":"service_account","private_key":"secret"})",
                                     QStringLiteral("x"), &account, &error));
    EXPECT_TRUE(error.contains("client_email")) << error.toStdString();
    EXPECT_FALSE(error.contains("secret"));
}

TEST(VertexUrlTest, RegionsGlobalPublishersAndBaseUrl) {
    EXPECT_EQ(vertexModelUrl({}, "p1", "us-central1", "gemini-2.5-pro", false).toString(),
              "https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/"
              "us-central1/publishers/google/models/gemini-2.5-pro:generateContent");
    EXPECT_EQ(vertexModelUrl({}, "p1", "europe-west4", "gemini-2.5-pro", true).toString(),
              "https://europe-west4-aiplatform.googleapis.com/v1/projects/p1/locations/"
              "europe-west4/publishers/google/models/gemini-2.5-pro:streamGenerateContent"
              "?alt=sse");
    EXPECT_EQ(vertexModelUrl({}, "p1", "global", "gemini-2.5-flash", false).toString(),
              "https://aiplatform.googleapis.com/v1/projects/p1/locations/global/publishers/"
              "google/models/gemini-2.5-flash:generateContent");
    EXPECT_EQ(vertexModelUrl({}, "p1", "us-east5", "claude-sonnet-4@20250514", false).toString(),
              "https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/"
              "publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict");
    EXPECT_EQ(vertexModelUrl("http://127.0.0.1:9/", "p1", "us-east5", "claude-x", true).toString(),
              "http://127.0.0.1:9/v1/projects/p1/locations/us-east5/publishers/anthropic/models/"
              "claude-x:streamRawPredict");
    EXPECT_EQ(vertexPublisher("claude-3-5-haiku"), VertexPublisher::Anthropic);
    EXPECT_EQ(vertexPublisher("gemini-2.5-pro"), VertexPublisher::Google);
    KeyConfig key;
    EXPECT_EQ(vertexRegion(&key), "us-central1");
    key.vertex.region = "asia-northeast1";
    EXPECT_EQ(vertexRegion(&key), "asia-northeast1");
}

}  // namespace

// The API and the panel never show a service account's JSON (it holds the
// private key); sent back masked, it is the stored one again.
TEST(VertexConfigTest, ServiceAccountJsonIsMaskedAndRestored) {
    const QString account = QStringLiteral(
        R"({"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n"})");
    QJsonObject settings{
        {"project_id", "p"}, {"region", "us-central1"}, {"auth_credentials", account}};
    const QJsonObject stored{
        {"keys",
         QJsonArray{QJsonObject{{"name", "sa"}, {"value", ""}, {"vertex_key_config", settings}}}}};
    const QJsonObject shown = ConfigMasking::maskProvider(stored);
    const QJsonObject vertex =
        shown["keys"].toArray().at(0).toObject()["vertex_key_config"].toObject();
    EXPECT_EQ(vertex["project_id"].toString(), "p");
    EXPECT_TRUE(ConfigMasking::isMasked(vertex["auth_credentials"].toString()));
    EXPECT_FALSE(vertex["auth_credentials"].toString().contains("PRIVATE KEY"));
    EXPECT_EQ(ConfigMasking::restoreMaskedKeys(shown, stored), stored);
}
