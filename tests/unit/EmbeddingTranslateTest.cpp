// Embeddings for the native provider kinds: the OpenAI request's input read
// and checked, the Gemini (batchEmbedContents), Vertex (:predict) and
// Bedrock (InvokeModel: Titan, Cohere) requests written from it, and their
// answers written back as OpenAI's list, in floats or base64.
#include "JsonTestUtil.h"
#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"
#include "providers/EmbeddingShape.h"
#include "providers/GeminiDialect.h"
#include "providers/GeminiEmbeddings.h"
#include "providers/bedrock/BedrockEmbeddingDialect.h"
#include "providers/bedrock/BedrockEmbeddings.h"
#include "providers/vertex/VertexDialects.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::json;

namespace {

QString inputError(const char *body, EmbeddingLimits limits = {}) {
    QStringList texts;
    GatewayError error;
    if (readEmbeddingInput(json(body), QStringLiteral("p"), limits, &texts, &error)) return {};
    EXPECT_EQ(error.status, 400);
    EXPECT_FALSE(error.allowFallbacks);
    return error.message;
}

ProviderRequest embedRequest(const ProviderConfig &config, const KeyConfig *key,
                             const QString &model, const char *body) {
    ProviderRequest r;
    r.operation = Operation::Embedding;
    r.model = model;
    r.body = json(body);
    r.config = &config;
    r.key = key;
    return r;
}

QJsonObject bodyOf(const UpstreamRequest &r) {
    return QJsonDocument::fromJson(r.body).object();
}

}  // namespace

TEST(EmbeddingInput, StringsAndListsAreRead) {
    QStringList texts;
    GatewayError error;
    ASSERT_TRUE(readEmbeddingInput(json(R"({"input":"one"})"), "p", {}, &texts, &error));
    EXPECT_EQ(texts, QStringList{"one"});
    ASSERT_TRUE(readEmbeddingInput(json(R"({"input":["a","b"],"encoding_format":"base64",
                                            "dimensions":8})"),
                                   "p", {}, &texts, &error));
    EXPECT_EQ(texts, (QStringList{"a", "b"}));
}

TEST(EmbeddingInput, BadInputIsRefusedWithWhatIsWrong) {
    EXPECT_TRUE(inputError(R"({})").contains("'input' must be a string or an array"));
    EXPECT_TRUE(inputError(R"({"input":[]})").contains("must not be empty"));
    EXPECT_TRUE(inputError(R"({"input":""})").contains("'input' must not be empty"));
    EXPECT_TRUE(inputError(R"({"input":["a",""]})").contains("'input[1]' must not be empty"));
    EXPECT_TRUE(inputError(R"({"input":[[1,2,3]]})").contains("not token arrays"));
    EXPECT_TRUE(inputError(R"({"input":["a",7]})").contains("'input[1]' must be a string"));
    EXPECT_TRUE(inputError(R"({"input":["a","b","c"]})", {2, 10}).contains("takes at most 2"));
    EXPECT_TRUE(inputError(R"({"input":"elevenchars"})", {2, 10}).contains("11 characters"));
    EXPECT_TRUE(
        inputError(R"({"input":"a","encoding_format":"int8"})").contains("encoding_format"));
    EXPECT_TRUE(inputError(R"({"input":"a","dimensions":0})").contains("positive integer"));
    EXPECT_TRUE(inputError(R"({"input":"a","dimensions":"8"})").contains("positive integer"));
}

TEST(EmbeddingShape, Base64IsFloat32LittleEndian) {
    // 1.0f = 0x3f800000, -2.0f = 0xc0000000, little-endian.
    EXPECT_EQ(embeddingToBase64({1.0f, -2.0f}), "AACAPwAAAMA=");
    const QJsonObject list = openAIEmbeddingList({{0.5f}, {1.0f, -2.0f}}, "m", 3, true);
    EXPECT_EQ(list.value("object"), "list");
    EXPECT_EQ(list.value("model"), "m");
    const QJsonArray data = list.value("data").toArray();
    ASSERT_EQ(data.size(), 2);
    EXPECT_EQ(data.at(1).toObject().value("index"), 1);
    EXPECT_EQ(data.at(1).toObject().value("object"), "embedding");
    EXPECT_EQ(data.at(1).toObject().value("embedding"), "AACAPwAAAMA=");
    EXPECT_EQ(list.value("usage").toObject().value("prompt_tokens"), 3);
    EXPECT_EQ(list.value("usage").toObject().value("total_tokens"), 3);
    const QJsonObject floats = openAIEmbeddingList({{0.5f, 0.25f}}, "m", 0, false);
    EXPECT_EQ(floats.value("data").toArray().at(0).toObject().value("embedding"),
              QJsonArray({0.5, 0.25}));
}

TEST(GeminiEmbeddings, BatchEmbedContentsRequestAndAnswer) {
    ProviderConfig config;
    config.name = "gemini";
    config.network.baseUrl = "https://generativelanguage.googleapis.com";
    ProviderRequest r = embedRequest(config, nullptr, "gemini-embedding-001",
                                     R"({"input":["a","b"],"dimensions":3,
                                         "task_type":"RETRIEVAL_QUERY"})");
    r.apiKey = "AIzaKEY";
    UpstreamRequest out;
    GatewayError error;
    ASSERT_TRUE(GeminiDialect().buildRequest(r, &out, &error)) << error.message.toStdString();
    EXPECT_EQ(out.url.toString(),
              "https://generativelanguage.googleapis.com/v1beta/models/"
              "gemini-embedding-001:batchEmbedContents");
    EXPECT_EQ(out.headers.value("x-goog-api-key"), "AIzaKEY");
    const QJsonArray requests = bodyOf(out).value("requests").toArray();
    ASSERT_EQ(requests.size(), 2);
    EXPECT_EQ(requests.at(1).toObject(), json(R"({"model":"models/gemini-embedding-001",
        "content":{"parts":[{"text":"b"}]},"outputDimensionality":3,
        "taskType":"RETRIEVAL_QUERY"})"));

    QJsonObject answer;
    ASSERT_TRUE(GeminiDialect().decodeResponse(
        r, json(R"({"embeddings":[{"values":[0.5,1]},{"values":[2,3]}]})"), &answer, &error));
    EXPECT_EQ(answer.value("model"), "gemini-embedding-001");
    EXPECT_EQ(answer.value("data").toArray().at(1).toObject().value("embedding"),
              QJsonArray({2, 3}));
    EXPECT_FALSE(GeminiDialect().decodeResponse(r, json(R"({"embeddings":[{"values":"x"}]})"),
                                                &answer, &error));
    EXPECT_EQ(error.status, 502);
}

TEST(GeminiEmbeddings, TextCompletionStillRefused) {
    ProviderConfig config;
    config.name = "gemini";
    ProviderRequest r = embedRequest(config, nullptr, "m", R"({"prompt":"x"})");
    r.operation = Operation::TextCompletion;
    UpstreamRequest out;
    GatewayError error;
    EXPECT_FALSE(GeminiDialect().buildRequest(r, &out, &error));
    EXPECT_EQ(error.code, "unsupported_operation");
}

TEST(VertexEmbeddings, PredictRequestAndAnswer) {
    ProviderConfig config;
    config.name = "vertex";
    KeyConfig key;
    key.vertex.projectId = "proj";
    key.vertex.region = "europe-west4";
    // More than the Gemini API's 100 per batch: Vertex takes up to 250.
    QJsonArray many;
    for (int i = 0; i < 150; ++i) many.append(QStringLiteral("t%1").arg(i));
    ProviderRequest r = embedRequest(config, &key, "text-embedding-005", "{}");
    r.body = QJsonObject{{"input", many}, {"dimensions", 4}};
    r.apiKey = "ya29.token";
    UpstreamRequest out;
    GatewayError error;
    ASSERT_TRUE(VertexGeminiDialect().buildRequest(r, &out, &error)) << error.message.toStdString();
    EXPECT_EQ(out.url.toString(),
              "https://europe-west4-aiplatform.googleapis.com/v1/projects/proj/"
              "locations/europe-west4/publishers/google/models/"
              "text-embedding-005:predict");
    EXPECT_EQ(out.headers.value("Authorization"), "Bearer ya29.token");
    EXPECT_TRUE(out.headers.value("x-goog-api-key").isEmpty());
    const QJsonObject body = bodyOf(out);
    EXPECT_EQ(body.value("instances").toArray().size(), 150);
    EXPECT_EQ(body.value("instances").toArray().at(0).toObject(), json(R"({"content":"t0"})"));
    EXPECT_EQ(body.value("parameters").toObject(), json(R"({"outputDimensionality":4})"));

    r.body = json(R"({"input":["a","b"],"encoding_format":"base64"})");
    QJsonObject answer;
    ASSERT_TRUE(VertexGeminiDialect().decodeResponse(r, json(R"({"predictions":[
            {"embeddings":{"values":[1,-2],"statistics":{"token_count":2,"truncated":false}}},
            {"embeddings":{"values":[1,-2],"statistics":{"token_count":3.0}}}]})"),
                                                     &answer, &error));
    EXPECT_EQ(answer.value("data").toArray().at(1).toObject().value("embedding"), "AACAPwAAAMA=");
    EXPECT_EQ(answer.value("usage").toObject().value("prompt_tokens"), 5);
    EXPECT_FALSE(
        VertexGeminiDialect().decodeResponse(r, json(R"({"predictions":[]})"), &answer, &error));
}

TEST(BedrockEmbeddings, FamiliesAndBodies) {
    EXPECT_EQ(bedrockEmbedFamily("amazon.titan-embed-text-v2:0"), BedrockEmbedFamily::Titan);
    EXPECT_EQ(bedrockEmbedFamily("arn:aws:bedrock:us-east-1:1:inference-profile/"
                                 "us.cohere.embed-v4:0"),
              BedrockEmbedFamily::Cohere);
    EXPECT_EQ(bedrockEmbedFamily("cohere.embed-english-v3"), BedrockEmbedFamily::Cohere);
    EXPECT_EQ(bedrockEmbedFamily("anthropic.claude-3-haiku-20240307-v1:0"),
              BedrockEmbedFamily::None);
    EXPECT_EQ(bedrockEmbedBody(BedrockEmbedFamily::Titan, {"hi"}, json(R"({"dimensions":256})")),
              json(R"({"inputText":"hi","dimensions":256})"));
    EXPECT_EQ(bedrockEmbedBody(BedrockEmbedFamily::Cohere, {"a", "b"}, json("{}")),
              json(R"({"texts":["a","b"],"input_type":"search_document"})"));
    EXPECT_EQ(bedrockEmbedBody(BedrockEmbedFamily::Cohere, {"a"},
                               json(R"({"input_type":"search_query","dimensions":512})")),
              json(R"({"texts":["a"],"input_type":"search_query","output_dimension":512})"));
}

TEST(BedrockEmbeddings, AnswersOfEachFamily) {
    QList<QVector<float>> vectors;
    int tokens = 0;
    GatewayError error;
    ASSERT_TRUE(readBedrockEmbedAnswer(BedrockEmbedFamily::Titan,
                                       json(R"({"embedding":[0.5,2],"inputTextTokenCount":4})"),
                                       &vectors, &tokens, &error));
    EXPECT_EQ(vectors, (QList<QVector<float>>{{0.5f, 2.0f}}));
    EXPECT_EQ(tokens, 4);
    ASSERT_TRUE(readBedrockEmbedAnswer(BedrockEmbedFamily::Cohere,
                                       json(R"({"embeddings":[[1],[2]],"id":"x"})"), &vectors,
                                       &tokens, &error));
    EXPECT_EQ(vectors.size(), 2);
    ASSERT_TRUE(readBedrockEmbedAnswer(BedrockEmbedFamily::Cohere,
                                       json(R"({"embeddings":{"float":[[3,4]]}})"), &vectors,
                                       &tokens, &error));
    EXPECT_EQ(vectors, (QList<QVector<float>>{{3.0f, 4.0f}}));
    EXPECT_FALSE(readBedrockEmbedAnswer(BedrockEmbedFamily::Titan, json(R"({"message":"x"})"),
                                        &vectors, &tokens, &error));
    EXPECT_EQ(error.status, 502);
}

TEST(BedrockEmbeddings, InvokeModelRequestIsSignedAtItsUrl) {
    ProviderConfig config;
    config.name = "bedrock";
    config.network.baseUrl = "http://127.0.0.1:9";
    KeyConfig key;
    key.bedrock.accessKey = "AKIDEXAMPLE";
    key.bedrock.secretKey = "secret";
    key.bedrock.region = "us-west-2";
    key.bedrock.deployments.insert("titan", "amazon.titan-embed-text-v2:0");
    ProviderRequest r = embedRequest(config, &key, "titan", R"({"input":["only one"]})");
    UpstreamRequest out;
    GatewayError error;
    ASSERT_TRUE(BedrockEmbeddingDialect().buildRequest(r, &out, &error))
        << error.message.toStdString();
    EXPECT_EQ(out.url.toString(QUrl::FullyEncoded),
              "http://127.0.0.1:9/model/amazon.titan-embed-text-v2%3A0/invoke");
    EXPECT_EQ(bodyOf(out), json(R"({"inputText":"only one"})"));
    EXPECT_TRUE(out.headers.value("Authorization").startsWith("AWS4-HMAC-SHA256 Credential="));
    EXPECT_FALSE(out.headers.value("X-Amz-Date").isEmpty());

    r.model = "anthropic.claude-3-haiku-20240307-v1:0";
    EXPECT_FALSE(BedrockEmbeddingDialect().buildRequest(r, &out, &error));
    EXPECT_EQ(error.code, "unsupported_model");
    EXPECT_EQ(error.status, 400);
}
