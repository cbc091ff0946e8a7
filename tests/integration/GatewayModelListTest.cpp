// GET /v1/models (and /openai/v1/models, /anthropic/v1/models, the Gemini
// model list) lists what each configured provider's own API lists, asked
// with that provider's auth on the model catalogue's thread: an
// OpenAI-compatible and an Anthropic provider (FakeUpstream), Gemini (its
// x-goog-api-key list, generateContent models only), Bedrock (a FakeBedrock
// that checks the SigV4 signature of ListFoundationModels). A provider whose
// listing fails keeps its configured models and says why in /health; a
// refresh picks up a changed list; a provider that never answers does not
// hold up the answer.
#include "EventLoopWait.h"
#include "FakeBedrock.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "catalog/ModelCatalog.h"

#include <gtest/gtest.h>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QTcpServer>

using namespace gatehouse;

namespace {

QStringList idsOf(const TestHttpResponse &r) {
    QStringList ids;
    for (const QJsonValue &v : jsonOf(r.body).value("data").toArray())
        ids << v.toObject().value("id").toString();
    return ids;
}

// The listed models the test waits for, by provider.
struct ListedModels {
    QMutex mutex;
    QStringList ids{QStringLiteral("first-model")};
    QByteArray body() {
        QMutexLocker lock(&mutex);
        QJsonArray data;
        for (const QString &id : ids)
            data.append(QJsonObject{{"id", id}, {"object", "model"}, {"owned_by", "x"}});
        return QJsonDocument(QJsonObject{{"object", "list"}, {"data", data}})
            .toJson(QJsonDocument::Compact);
    }
};

class GatewayModelListTest : public ::testing::Test {
protected:
    void SetUp() override {
        qputenv("GH_FAKE_AWS_SECRET", test::kFakeAwsSecret);
        auto listed = listed_;
        changing.setRouteHook([listed](FakeRoute *route, FakeHookAnswer *answer) {
            if (route->path != "/v1/models") return false;
            answer->body = listed->body();
            return true;
        });
        ASSERT_TRUE(upstream.start());
        ASSERT_TRUE(changing.start());
        ASSERT_TRUE(bedrock.start());
        // Accepts connections and never answers.
        ASSERT_TRUE(hanging.listen(QHostAddress::LocalHost));
        gateway.setListProviderModels(true);
    }
    void TearDown() override { qunsetenv("GH_FAKE_AWS_SECRET"); }

    QByteArray config() const {
        const QString fake = upstream.baseUrl();
        return QStringLiteral(R"({
          "providers": {
            "mock": { "keys": [] },
            "openai": { "keys": [ { "value": "sk-test", "models": ["fake-model", "my-finetune"] } ],
                        "network_config": { "base_url": "%1" } },
            "anthropic": { "keys": [ { "value": "ant-test", "models": ["*"] } ],
                           "network_config": { "base_url": "%1" } },
            "gemini": { "keys": [ { "value": "gm-test", "models": ["*"] } ],
                        "network_config": { "base_url": "%1" } },
            "bedrock": { "keys": [ { "value": "", "models": ["*"],
                "bedrock_key_config": { "access_key": "AKIDFAKE",
                  "secret_key": "env.GH_FAKE_AWS_SECRET", "region": "us-west-2",
                  "deployments": { "claude": "anthropic.claude-3-haiku-20240307-v1:0" } } } ],
              "network_config": { "base_url": "%2" } },
            "broken": { "keys": [ { "value": "bad-key-1", "models": ["kept-model"] } ],
                        "custom_provider_config": { "base_provider_type": "openai" },
                        "network_config": { "base_url": "%1" } },
            "changing": { "keys": [ { "value": "sk-test", "models": ["*"] } ],
                          "custom_provider_config": { "base_provider_type": "openai" },
                          "network_config": { "base_url": "%3" } },
            "hanging": { "keys": [ { "value": "sk-test", "models": ["always-here"] } ],
                         "custom_provider_config": { "base_provider_type": "openai" },
                         "network_config": { "base_url": "http://127.0.0.1:%4",
                                             "default_request_timeout_in_seconds": 60 } }
          }
        })")
            .arg(fake, bedrock.baseUrl(), changing.baseUrl(), QString::number(hanging.serverPort()))
            .toUtf8();
    }

    // Until /v1/models lists `id` (the catalogue fetches in the background).
    QStringList waitForModel(const QString &id, const QByteArray &path = "/v1/models") {
        QStringList ids;
        runEventsUntil(
            [&] {
                ids = idsOf(TestHttpClient::get(gateway.port(), path));
                return ids.contains(id);
            },
            10000);
        return ids;
    }

    FakeUpstream upstream;
    FakeUpstream changing;
    std::shared_ptr<ListedModels> listed_ = std::make_shared<ListedModels>();
    FakeBedrock bedrock{{{QStringLiteral("AKIDFAKE"), QLatin1String(test::kFakeAwsSecret)}}};
    QTcpServer hanging;
    GatewayHarness gateway;
};

TEST_F(GatewayModelListTest, ListsEveryProvidersOwnModelsAskedWithItsAuth) {
    QString error;
    ASSERT_TRUE(gateway.start(config(), &error)) << error.toStdString();
    QStringList ids = waitForModel("bedrock/meta.llama3-8b-instruct-v1:0");
    for (const char *id :
         {"gemini/gemini-fake-flash", "anthropic/fake-model-tool", "changing/first-model"})
        ids = waitForModel(id);
    // OpenAI-compatible: the key's models first, then the listed ones the
    // key may use (fake-model-tool is not one of them).
    EXPECT_TRUE(ids.contains("openai/fake-model"));
    EXPECT_TRUE(ids.contains("openai/my-finetune"));
    EXPECT_FALSE(ids.contains("openai/fake-model-tool"));
    // Anthropic (x-api-key, anthropic-version): every model it lists.
    EXPECT_TRUE(ids.contains("anthropic/fake-model"));
    EXPECT_TRUE(ids.contains("anthropic/fake-embedding"));
    // Gemini: names without "models/", only generateContent models.
    EXPECT_TRUE(ids.contains("gemini/gemini-fake-pro"));
    EXPECT_FALSE(ids.contains("gemini/text-embedding-fake"));
    // Bedrock: the deployment alias and ListFoundationModels, signed.
    EXPECT_TRUE(ids.contains("bedrock/claude"));
    EXPECT_TRUE(ids.contains("bedrock/amazon.titan-embed-text-v2:0"));
    EXPECT_EQ(bedrock.rejectedSignatures(), 0);
    bool sawList = false;
    for (const auto &r : bedrock.requests())
        sawList = sawList || (r.method == "GET" && r.path == "/foundation-models");
    EXPECT_TRUE(sawList);
    // The mock's own models, and the shape clients read.
    EXPECT_TRUE(ids.contains("mock/echo"));
    const QJsonObject list = jsonOf(TestHttpClient::get(gateway.port(), "/v1/models").body);
    EXPECT_EQ(list.value("object").toString(), "list");
    const QJsonObject first = list.value("data").toArray().first().toObject();
    EXPECT_EQ(first.value("object").toString(), "model");
    EXPECT_FALSE(first.value("owned_by").toString().isEmpty());
    EXPECT_GT(first.value("created").toInteger(), 0);

    // The auth each provider's listing went with.
    bool anthropicAuth = false, geminiAuth = false, openaiAuth = false;
    for (const auto &r : upstream.requests()) {
        if (r.path == "/v1/models" && r.headers.value("x-api-key") == "ant-test")
            anthropicAuth = !r.headers.value("anthropic-version").isEmpty();
        if (r.path == "/v1/models" && r.headers.value("authorization") == "Bearer sk-test")
            openaiAuth = true;
        if (r.path == "/v1beta/models" && r.headers.value("x-goog-api-key") == "gm-test")
            geminiAuth = true;
    }
    EXPECT_TRUE(anthropicAuth);
    EXPECT_TRUE(openaiAuth);
    EXPECT_TRUE(geminiAuth);

    // The same list under the /openai and /anthropic prefixes.
    EXPECT_TRUE(idsOf(TestHttpClient::get(gateway.port(), "/openai/v1/models"))
                    .contains("gemini/gemini-fake-flash"));
    EXPECT_TRUE(idsOf(TestHttpClient::get(gateway.port(), "/anthropic/v1/models"))
                    .contains("bedrock/meta.llama3-8b-instruct-v1:0"));
    // And in Gemini's own list.
    const QByteArray genai = TestHttpClient::get(gateway.port(), "/genai/v1beta/models").body;
    EXPECT_TRUE(genai.contains("\"models/gemini/gemini-fake-flash\"")) << genai.toStdString();
    EXPECT_TRUE(genai.contains("\"models/anthropic/fake-model\""));
}

TEST_F(GatewayModelListTest, AFailingProviderKeepsItsConfiguredModelsAndSaysWhy) {
    QString error;
    ASSERT_TRUE(gateway.start(config(), &error)) << error.toStdString();
    QJsonObject broken;
    runEventsUntil(
        [&] {
            broken = jsonOf(TestHttpClient::get(gateway.port(), "/health").body)
                         .value("model_lists")
                         .toObject()
                         .value("broken")
                         .toObject();
            return broken.contains("models_error");
        },
        10000);
    EXPECT_TRUE(broken.value("models_error").toString().contains("401"))
        << broken.value("models_error").toString().toStdString();
    const QStringList ids = waitForModel("anthropic/fake-model");
    EXPECT_TRUE(ids.contains("broken/kept-model"));
    EXPECT_FALSE(ids.contains("broken/fake-model"));
    EXPECT_TRUE(ids.contains("openai/fake-model"));
    // A provider that answered has no error noted.
    const QJsonObject anthropic = jsonOf(TestHttpClient::get(gateway.port(), "/health").body)
                                      .value("model_lists")
                                      .toObject()
                                      .value("anthropic")
                                      .toObject();
    EXPECT_EQ(anthropic.value("models").toInt(), 3);
    EXPECT_FALSE(anthropic.contains("models_error"));
}

TEST_F(GatewayModelListTest, ARefreshPicksUpAChangedListAndAFailureKeepsTheLastGoodOne) {
    QString error;
    ASSERT_TRUE(gateway.start(config(), &error)) << error.toStdString();
    waitForModel("changing/first-model");
    {
        QMutexLocker lock(&listed_->mutex);
        listed_->ids = {QStringLiteral("second-model")};
    }
    gateway.gateway().modelCatalog()->refreshNow();
    const QStringList ids = waitForModel("changing/second-model");
    EXPECT_TRUE(ids.contains("changing/second-model"));
    EXPECT_FALSE(ids.contains("changing/first-model"));

    // The provider goes away: its last good list stays, the failure is noted.
    changing.stop();
    gateway.gateway().modelCatalog()->refreshNow();
    QJsonObject entry;
    runEventsUntil(
        [&] {
            entry = jsonOf(TestHttpClient::get(gateway.port(), "/health").body)
                        .value("model_lists")
                        .toObject()
                        .value("changing")
                        .toObject();
            return entry.contains("models_error");
        },
        10000);
    EXPECT_TRUE(entry.contains("models_error"));
    EXPECT_TRUE(
        idsOf(TestHttpClient::get(gateway.port(), "/v1/models")).contains("changing/second-model"));
}

TEST_F(GatewayModelListTest, AProviderThatNeverAnswersDoesNotHoldUpTheList) {
    QString error;
    ASSERT_TRUE(gateway.start(config(), &error)) << error.toStdString();
    waitForModel("anthropic/fake-model");
    // Its listing is out (60 s timeout) the whole time.
    for (int i = 0; i < 3; ++i) {
        gateway.gateway().modelCatalog()->refreshNow();
        QElapsedTimer timer;
        timer.start();
        const TestHttpResponse r = TestHttpClient::get(gateway.port(), "/v1/models", {}, 2000);
        EXPECT_LT(timer.elapsed(), 1000);
        ASSERT_EQ(r.status, 200);
        EXPECT_TRUE(idsOf(r).contains("hanging/always-here"));
        EXPECT_TRUE(idsOf(r).contains("anthropic/fake-model"));
    }
    EXPECT_FALSE(jsonOf(TestHttpClient::get(gateway.port(), "/health").body)
                     .value("model_lists")
                     .toObject()
                     .contains("hanging"));
}

}  // namespace
