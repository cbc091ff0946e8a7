// A virtual key is a secret: wherever the gateway shows or stores something
// about a request made with one (the request log, its detail, the hook log,
// stats, metrics, errors), it shows at most SecretMask's mask of it, and
// nothing of a short key.
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "security/SecretMask.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

// Letters no log line, id or number would hold by chance.
const QByteArray kShortKey = "vk-qzxjw";         // under 12 characters: "****"
const QByteArray kLongKey = "vk-qzxjwkvyuhgfd";  // "vk-...hgfd"

class VirtualKeyMaskTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void start(const TestStore &store) {
        const QByteArray config =
            QStringLiteral(R"({
          "client": { "enable_logging": true },
          "providers": { "mock": { "keys": [] } },
          "plugins": [ {"enabled": true, "name": "governance", "path": "%1", "config": {
              "virtual_keys": [ {"key": "%2", "name": "alpha", "allowed_models": ["mock/echo"]},
                                {"key": "%3", "name": "beta"} ] }} ] })")
                .arg(QLatin1String(GATEHOUSE_PLUGIN_GOVERNANCE), QString::fromUtf8(kShortKey),
                     QString::fromUtf8(kLongKey))
                .toUtf8();
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }
    TestHttpResponse chat(const QByteArray &key, const QString &model, bool stream = false) {
        HttpHeaders headers;
        headers.add("x-bf-vk", key);
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody(model, "hello", stream), headers);
    }
    // What the gateway says about its requests, everywhere it says it.
    QByteArray everythingShown(const QList<QByteArray> &ids) {
        gateway.gateway().logs()->flush();
        QByteArray all;
        for (const QByteArray &path :
             {QByteArray("/api/logs"), QByteArray("/api/logs?virtual_key=vk"),
              QByteArray("/api/logs/hooks"), QByteArray("/api/logs/stats"),
              QByteArray("/metrics")}) {
            const auto r = TestHttpClient::get(gateway.port(), path);
            EXPECT_EQ(r.status, 200) << path.toStdString();
            all += r.body;
        }
        for (const QByteArray &id : ids) {
            const auto r = TestHttpClient::get(gateway.port(), "/api/logs/" + id);
            EXPECT_EQ(r.status, 200) << r.body.toStdString();
            all += r.body;
        }
        return all;
    }

    GatewayHarness gateway;
};

}  // namespace

TEST_P(VirtualKeyMaskTest, NoLogTraceOrAnswerShowsMoreOfAKeyThanItsMask) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    QList<QByteArray> ids;
    QByteArray answers;
    for (const auto &[key, model, stream, status] :
         {std::tuple{kShortKey, "mock/echo", false, 200},
          std::tuple{kShortKey, "mock/echo", true, 200},
          std::tuple{kShortKey, "mock/fixed", false, 403},  // the key may not use it
          std::tuple{kLongKey, "mock/echo", false, 200},
          std::tuple{QByteArray("vk-qzxjwnobody"), "mock/echo", false, 401}}) {
        const auto r = chat(key, QString::fromLatin1(model), stream);
        EXPECT_EQ(r.status, status) << r.body.toStdString();
        ids << r.header("x-request-id");
        answers += r.body;
    }
    const QByteArray shown = everythingShown(ids) + answers;
    for (const QByteArray &key : {kShortKey, kLongKey, QByteArray("vk-qzxjwnobody")}) {
        // No four characters of it in a row, but for what its mask shows.
        const QByteArray mask = SecretMask::mask(QString::fromUtf8(key)).toUtf8();
        for (qsizetype i = 0; i + 4 <= key.size(); ++i) {
            const QByteArray piece = key.mid(i, 4);
            if (mask.contains(piece)) continue;
            EXPECT_EQ(shown.indexOf(piece), -1)
                << piece.toStdString() << " of " << key.toStdString();
        }
    }
    // What the log does show: the mask, which tells the long key apart and
    // gives nothing of the short one.
    const auto page = jsonOf(TestHttpClient::get(gateway.port(), "/api/logs?limit=10").body);
    QStringList shownKeys;
    for (const auto &row : page.value("data").toArray())
        shownKeys << row.toObject().value("virtual_key").toString();
    EXPECT_TRUE(shownKeys.contains(SecretMask::mask(QString::fromUtf8(kLongKey))));
    EXPECT_TRUE(shownKeys.contains(QStringLiteral("****")));
}

GATEHOUSE_ON_EVERY_STORE(VirtualKeyMaskTest);
