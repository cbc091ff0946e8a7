// POST /v1/embeddings routed to the native provider kinds, end to end over
// real HTTP: Gemini (batchEmbedContents, key in x-goog-api-key), Vertex
// (:predict with a service-account token) and Bedrock (InvokeModel, every
// call's SigV4 signature checked by the fake: Titan one call per text,
// Cohere one call for the list). Float and base64 answers (float32
// little-endian, what the openai SDKs ask for by default), list inputs,
// the provider's errors and bad input refused before any call.
#include "FakeBedrock.h"
#include "FakeEmbeddings.h"
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "FakeVertex.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>
#include <cstring>

using namespace gatehouse;
using gatehouse::test::FakeVertex;
using gatehouse::test::json;

namespace {

TestHttpResponse postEmbeddings(quint16 port, const QJsonObject &body,
                                const QByteArray &path = "/v1/embeddings") {
    return TestHttpClient::post(port, path, QJsonDocument(body).toJson(QJsonDocument::Compact), {},
                                20000);
}

const QJsonObject answerOf(const QByteArray &body) {
    return QJsonDocument::fromJson(body).object();
}

// An OpenAI base64 embedding back as numbers.
QJsonArray fromBase64(const QJsonValue &value) {
    const QByteArray bytes = QByteArray::fromBase64(value.toString().toLatin1());
    QJsonArray out;
    for (qsizetype i = 0; i + 4 <= bytes.size(); i += 4) {
        const quint32 bits = qFromLittleEndian<quint32>(bytes.constData() + i);
        float f;
        std::memcpy(&f, &bits, 4);
        out.append(double(f));
    }
    return out;
}

// The answer's vectors, read from numbers or base64.
QList<QJsonArray> vectorsOf(const QJsonObject &answer, bool base64) {
    QList<QJsonArray> out;
    const QJsonArray data = answer.value("data").toArray();
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject item = data.at(i).toObject();
        EXPECT_EQ(item.value("object"), "embedding");
        EXPECT_EQ(item.value("index"), int(i));
        const QJsonValue e = item.value("embedding");
        EXPECT_EQ(e.isString(), base64);
        out << (base64 ? fromBase64(e) : e.toArray());
    }
    return out;
}

QString errorMessageOf(const TestHttpResponse &r) {
    return answerOf(r.body).value("error").toObject().value("message").toString();
}

class GatewayGeminiEmbeddingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        QString error;
        ASSERT_TRUE(gateway.start(test::fakeGeminiConfig(upstream.baseUrl()), &error))
            << error.toStdString();
    }
    FakeUpstream upstream;
    GatewayHarness gateway;
};

TEST_F(GatewayGeminiEmbeddingsTest, ListInputIsOneBatchEmbedContentsCall) {
    const auto r = postEmbeddings(
        gateway.port(), json(R"({"model":"gemini/gemini-embedding-001","input":["hello","hi"],
                                 "dimensions":3})"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject answer = answerOf(r.body);
    EXPECT_EQ(answer.value("object"), "list");
    EXPECT_EQ(answer.value("model"), "gemini-embedding-001");
    EXPECT_TRUE(answer.value("usage").toObject().contains("prompt_tokens"));
    EXPECT_EQ(vectorsOf(answer, false), (QList<QJsonArray>{fake::fakeEmbeddingFor("hello", 3),
                                                           fake::fakeEmbeddingFor("hi", 3)}));
    const FakeRecordedRequest sent = upstream.requests().constLast();
    EXPECT_EQ(sent.path, "/v1beta/models/gemini-embedding-001:batchEmbedContents");
    EXPECT_EQ(sent.headers.value("x-goog-api-key"), "gm-test");
    const QJsonArray requests = answerOf(sent.body).value("requests").toArray();
    ASSERT_EQ(requests.size(), 2);
    EXPECT_EQ(requests.at(0).toObject().value("outputDimensionality"), 3);
}

TEST_F(GatewayGeminiEmbeddingsTest, Base64OnTheOpenAIPrefixedRoute) {
    const auto r = postEmbeddings(
        gateway.port(),
        json(R"({"model":"gemini/gemini-embedding-001","input":"abc","encoding_format":"base64"})"),
        "/openai/v1/embeddings");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(vectorsOf(answerOf(r.body), true), QList<QJsonArray>{fake::fakeEmbeddingFor("abc")});
}

TEST_F(GatewayGeminiEmbeddingsTest, ProviderErrorAndBadInput) {
    const auto err =
        postEmbeddings(gateway.port(), json(R"({"model":"gemini/embed-status-400","input":"x"})"));
    EXPECT_EQ(err.status, 400) << err.body.toStdString();
    EXPECT_TRUE(errorMessageOf(err).contains("Fake Gemini error 400")) << err.body.toStdString();
    const int before = int(upstream.requests().size());
    for (const char *body :
         {R"({"model":"gemini/m","input":[]})", R"({"model":"gemini/m","input":[[1,2]]})",
          R"({"model":"gemini/m","input":["ok",""]})"}) {
        const auto bad = postEmbeddings(gateway.port(), json(body));
        EXPECT_EQ(bad.status, 400) << body;
        EXPECT_EQ(answerOf(bad.body).value("error").toObject().value("type"),
                  "invalid_request_error")
            << bad.body.toStdString();
    }
    QJsonArray tooMany;
    for (int i = 0; i < 101; ++i) tooMany.append("t");
    const auto big =
        postEmbeddings(gateway.port(), QJsonObject{{"model", "gemini/m"}, {"input", tooMany}});
    EXPECT_EQ(big.status, 400);
    EXPECT_TRUE(errorMessageOf(big).contains("at most 100")) << big.body.toStdString();
    EXPECT_EQ(upstream.requests().size(), before);  // refused before any call
}

QByteArray vertexConfig(const QString &baseUrl, const QByteArray &serviceAccount) {
    const QJsonObject key{{"value", ""},
                          {"models", QJsonArray{"*"}},
                          {"vertex_key_config",
                           QJsonObject{{"project_id", FakeVertex::kProject},
                                       {"region", FakeVertex::kRegion},
                                       {"auth_credentials", QString::fromUtf8(serviceAccount)}}}};
    const QJsonObject network{{"base_url", baseUrl}, {"default_request_timeout_in_seconds", 10}};
    const QJsonObject providers{
        {"mock", QJsonObject{{"keys", QJsonArray{}}}},
        {"vertex", QJsonObject{{"keys", QJsonArray{key}}, {"network_config", network}}},
    };
    return QJsonDocument(QJsonObject{{"providers", providers}}).toJson(QJsonDocument::Compact);
}

class GatewayVertexEmbeddingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        const QByteArray account = FakeVertex::serviceAccountJson(upstream.baseUrl() + "/token");
        ASSERT_FALSE(account.isEmpty());
        QString error;
        ASSERT_TRUE(gateway.start(vertexConfig(upstream.baseUrl(), account), &error))
            << error.toStdString();
    }
    FakeUpstream upstream;
    FakeVertex vertex{&upstream};
    GatewayHarness gateway;
};

TEST_F(GatewayVertexEmbeddingsTest, PredictWithTheServiceAccountsToken) {
    const auto r = postEmbeddings(
        gateway.port(), json(R"({"model":"vertex/text-embedding-005","input":["one two","three"],
                                 "dimensions":2})"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject answer = answerOf(r.body);
    EXPECT_EQ(vectorsOf(answer, false), (QList<QJsonArray>{fake::fakeEmbeddingFor("one two", 2),
                                                           fake::fakeEmbeddingFor("three", 2)}));
    EXPECT_EQ(answer.value("usage").toObject().value("prompt_tokens"), 3);  // 2 + 1 words
    const FakeRecordedRequest sent = upstream.requests().constLast();
    EXPECT_EQ(sent.path,
              "/v1/projects/gatehouse-test/locations/us-east5/publishers/google/"
              "models/text-embedding-005:predict");
    EXPECT_TRUE(sent.headers.value("Authorization").startsWith("Bearer ya29.fake-"));
    EXPECT_EQ(answerOf(sent.body).value("parameters").toObject().value("outputDimensionality"), 2);
}

TEST_F(GatewayVertexEmbeddingsTest, Base64AndProviderError) {
    const auto r = postEmbeddings(gateway.port(), json(R"({"model":"vertex/gemini-embedding-001",
                                                           "input":"hey","encoding_format":"base64"})"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(vectorsOf(answerOf(r.body), true), QList<QJsonArray>{fake::fakeEmbeddingFor("hey")});
    const auto err =
        postEmbeddings(gateway.port(), json(R"({"model":"vertex/embed-status-400","input":"x"})"));
    EXPECT_EQ(err.status, 400) << err.body.toStdString();
    EXPECT_TRUE(errorMessageOf(err).contains("Fake Vertex error 400")) << err.body.toStdString();
}

class GatewayBedrockEmbeddingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        qputenv("GH_FAKE_AWS_SECRET", test::kFakeAwsSecret);
        ASSERT_TRUE(upstream.start());
        QString error;
        ASSERT_TRUE(gateway.start(test::fakeBedrockConfig(upstream.baseUrl()), &error))
            << error.toStdString();
    }
    void TearDown() override { qunsetenv("GH_FAKE_AWS_SECRET"); }

    FakeBedrock upstream{{{QStringLiteral("AKIDFAKE"), QLatin1String(test::kFakeAwsSecret)}}};
    GatewayHarness gateway;
};

TEST_F(GatewayBedrockEmbeddingsTest, TitanListIsOneSignedCallPerTextInOrder) {
    const auto r =
        postEmbeddings(gateway.port(), json(R"({"model":"bedrock/titan","input":["a b c","d","e f"],
                                           "dimensions":5})"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject answer = answerOf(r.body);
    EXPECT_EQ(answer.value("model"), "titan");
    EXPECT_EQ(vectorsOf(answer, false),
              (QList<QJsonArray>{fake::fakeEmbeddingFor("a b c", 5), fake::fakeEmbeddingFor("d", 5),
                                 fake::fakeEmbeddingFor("e f", 5)}));
    EXPECT_EQ(answer.value("usage").toObject().value("prompt_tokens"), 6);  // 3 + 1 + 2 words
    const QList<FakeRecordedRequest> sent = upstream.requests();
    ASSERT_EQ(sent.size(), 3);
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
    for (const FakeRecordedRequest &s : sent) {
        EXPECT_EQ(s.path, "/model/amazon.titan-embed-text-v2%3A0/invoke");
        EXPECT_TRUE(s.headers.value("Authorization").startsWith("AWS4-HMAC-SHA256"));
    }
    EXPECT_EQ(answerOf(sent.at(1).body), json(R"({"inputText":"d","dimensions":5})"));
}

TEST_F(GatewayBedrockEmbeddingsTest, CohereListIsOneCallAndBase64) {
    const auto r =
        postEmbeddings(gateway.port(), json(R"({"model":"bedrock/cohere","input":["x","yy"],
                                           "encoding_format":"base64"})"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(vectorsOf(answerOf(r.body), true),
              (QList<QJsonArray>{fake::fakeEmbeddingFor("x"), fake::fakeEmbeddingFor("yy")}));
    ASSERT_EQ(upstream.requests().size(), 1);
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
    EXPECT_EQ(answerOf(upstream.requests().constLast().body),
              json(R"({"texts":["x","yy"],"input_type":"search_document"})"));
}

TEST_F(GatewayBedrockEmbeddingsTest, TitanListStopsAtTheTextBedrockRefuses) {
    const QString tooLong = QStringLiteral("word ").repeated(150);
    const auto r = postEmbeddings(
        gateway.port(),
        QJsonObject{{"model", "bedrock/titan"}, {"input", QJsonArray{"first", tooLong, "third"}}});
    EXPECT_EQ(r.status, 400) << r.body.toStdString();
    const QString message = errorMessageOf(r);
    EXPECT_TRUE(message.contains("expected maxLength: 100 words")) << r.body.toStdString();
    EXPECT_TRUE(message.contains("input[1] of 3")) << r.body.toStdString();
    EXPECT_EQ(upstream.requests().size(), 2);  // "third" was never sent
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
}

TEST_F(GatewayBedrockEmbeddingsTest, ProviderErrorsAndRefusals) {
    // Titan v1 takes no dimensions: Bedrock's own message comes back.
    const auto err = postEmbeddings(
        gateway.port(), json(R"({"model":"bedrock/titan-v1","input":["a","b"],"dimensions":8})"));
    EXPECT_EQ(err.status, 400) << err.body.toStdString();
    EXPECT_TRUE(errorMessageOf(err).contains("extraneous key [dimensions]"))
        << err.body.toStdString();
    EXPECT_EQ(upstream.requests().size(), 1);  // the list stopped at its first error

    const auto chat =
        postEmbeddings(gateway.port(), json(R"({"model":"bedrock/claude","input":"x"})"));
    EXPECT_EQ(chat.status, 400);
    EXPECT_TRUE(errorMessageOf(chat).contains("neither")) << chat.body.toStdString();
    const auto bad = postEmbeddings(gateway.port(), json(R"({"model":"bedrock/titan","input":7})"));
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(errorMessageOf(bad).contains("'input' must be a string")) << bad.body.toStdString();
    EXPECT_EQ(upstream.requests().size(), 1);

    // The gateway keeps serving.
    const auto ok =
        postEmbeddings(gateway.port(), json(R"({"model":"bedrock/titan","input":"ok"})"));
    EXPECT_EQ(ok.status, 200) << ok.body.toStdString();
}

}  // namespace
