// AWS Signature Version 4 checked against AWS's published test suite
// (tests/support/fixtures/sigv4): canonical request, string to sign and
// signature, for every vector folder there.
#include <gtest/gtest.h>

#include "providers/bedrock/SigV4.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace gatehouse::aws;

namespace {

QString vectorsDir() {
    // Beside the client fixtures, so the test binary needs no new definition.
    return QDir(QStringLiteral(GATEHOUSE_CLIENT_FIXTURES "/../sigv4")).absolutePath();
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

struct Vector {
    SigV4Request request;
    Credentials credentials;
    SigV4Params params;
};

// request.txt: "METHOD target HTTP/1.1", "Name:value" lines, a blank line, the body.
bool readVector(const QString &dir, Vector *out) {
    const QByteArray text = readFile(dir + QStringLiteral("/request.txt"));
    const QJsonObject context =
        QJsonDocument::fromJson(readFile(dir + QStringLiteral("/context.json"))).object();
    if (text.isEmpty() || context.isEmpty()) return false;
    const qsizetype headEnd = text.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? text : text.left(headEnd);
    out->request.body = headEnd < 0 ? QByteArray() : text.mid(headEnd + 2);
    QList<QByteArray> lines = head.split('\n');
    const QByteArray requestLine = lines.takeFirst();
    const qsizetype space = requestLine.indexOf(' ');
    const QByteArray target =
        requestLine.mid(space + 1, requestLine.lastIndexOf(" HTTP/") - space - 1);
    out->request.method = requestLine.left(space);
    const qsizetype q = target.indexOf('?');
    out->request.path = q < 0 ? target : target.left(q);
    out->request.query = q < 0 ? QByteArray() : target.mid(q + 1);
    for (const QByteArray &line : lines) {
        if (line.isEmpty()) continue;  // the file's final line break
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) return false;
        out->request.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    const QJsonObject creds = context.value(QLatin1String("credentials")).toObject();
    out->credentials.accessKeyId = creds.value(QLatin1String("access_key_id")).toString();
    out->credentials.secretAccessKey = creds.value(QLatin1String("secret_access_key")).toString();
    out->credentials.sessionToken = creds.value(QLatin1String("token")).toString();
    out->params.region = context.value(QLatin1String("region")).toString();
    out->params.service = context.value(QLatin1String("service")).toString();
    out->params.time =
        QDateTime::fromString(context.value(QLatin1String("timestamp")).toString(), Qt::ISODate);
    out->params.signBodyHeader = context.value(QLatin1String("sign_body")).toBool();
    return out->params.time.isValid();
}

QByteArray expected(const QString &dir, const char *name) {
    return readFile(dir + QLatin1Char('/') + QLatin1String(name)).trimmed();
}

TEST(SigV4Test, MatchesAwsTestSuiteVectors) {
    const QStringList names = QDir(vectorsDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    ASSERT_GE(names.size(), 10) << "vectors missing under " << vectorsDir().toStdString();
    for (const QString &name : names) {
        SCOPED_TRACE(name.toStdString());
        const QString dir = vectorsDir() + QLatin1Char('/') + name;
        Vector v;
        ASSERT_TRUE(readVector(dir, &v));
        const SigV4Result r = signV4(v.request, v.credentials, v.params);
        EXPECT_EQ(r.canonicalRequest.toStdString(),
                  expected(dir, "header-canonical-request.txt").toStdString());
        EXPECT_EQ(r.stringToSign.toStdString(),
                  expected(dir, "header-string-to-sign.txt").toStdString());
        EXPECT_EQ(r.signature.toStdString(), expected(dir, "header-signature.txt").toStdString());
        EXPECT_TRUE(r.authorization.endsWith("Signature=" + r.signature));
    }
}

TEST(SigV4Test, AddsSessionTokenAndDateHeaders) {
    SigV4Request request{"POST", "/model/m/converse", {}, {{"host", "h"}}, "{}"};
    Credentials creds{QStringLiteral("AKID"), QStringLiteral("secret"), QStringLiteral("tok")};
    SigV4Params params{QStringLiteral("us-east-1"), QStringLiteral("bedrock"),
                       QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)};
    const SigV4Result r = signV4(request, creds, params);
    QHash<QByteArray, QByteArray> added;
    for (const auto &h : r.addedHeaders) added.insert(h.first.toLower(), h.second);
    EXPECT_EQ(added.value("x-amz-date"), "20260102T030405Z");
    EXPECT_EQ(added.value("x-amz-security-token"), "tok");
    EXPECT_FALSE(added.contains("x-amz-content-sha256"));
    EXPECT_TRUE(added.value("authorization")
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKID/20260102/us-east-1/bedrock/"
                                "aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, "
                                "Signature="));
    // Another secret, another signature.
    creds.secretAccessKey = QStringLiteral("other");
    EXPECT_NE(signV4(request, creds, params).signature, r.signature);
}

// Bedrock model ids hold ':' (sent as %3A); AWS signs the path encoded once more.
TEST(SigV4Test, CanonicalUriEncodesTheWirePathAgain) {
    EXPECT_EQ(canonicalUri("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"),
              "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse");
    EXPECT_EQ(canonicalUri("/model/us.meta.llama3-2-1b-instruct-v1:0/converse-stream"),
              "/model/us.meta.llama3-2-1b-instruct-v1%3A0/converse-stream");
    EXPECT_EQ(canonicalUri(""), "/");
}

}  // namespace
