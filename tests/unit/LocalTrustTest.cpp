// client.local_trust and local_trust_root: how they are read, and whose
// connections the policy admits without the token.
#include "ConfigTestSupport.h"
#include "security/LocalTrust.h"

using namespace gatehouse;
using gatehouse::testing::loadError;

namespace {
constexpr uid_t kOwner = 1000;
}

TEST(LocalTrust, OwnerIsTheDefaultAndAdmitsOnlyTheOwnerAndRoot) {
    const ClientConfig client;
    EXPECT_EQ(client.localTrust, ClientConfig::LocalTrust::Owner);
    const LocalTrust trust(client.localTrust, client.localTrustRoot, kOwner);
    EXPECT_TRUE(trust.needsPeerIdentity());
    EXPECT_TRUE(trust.admitsWithoutToken(PeerIdentity::local(kOwner)));
    EXPECT_TRUE(trust.admitsWithoutToken(PeerIdentity::local(0)));
    EXPECT_FALSE(trust.admitsWithoutToken(PeerIdentity::local(1001)));
    EXPECT_FALSE(trust.admitsWithoutToken(PeerIdentity::remote()));
    EXPECT_FALSE(trust.admitsWithoutToken(PeerIdentity()));  // the lookup failed
}

TEST(LocalTrust, RootCanBeLeftOut) {
    const LocalTrust trust(ClientConfig::LocalTrust::Owner, false, kOwner);
    EXPECT_FALSE(trust.admitsWithoutToken(PeerIdentity::local(0)));
    EXPECT_TRUE(trust.admitsWithoutToken(PeerIdentity::local(kOwner)));
}

TEST(LocalTrust, AnyAdmitsEveryoneWithoutALookup) {
    const LocalTrust trust(ClientConfig::LocalTrust::Any, true, kOwner);
    EXPECT_FALSE(trust.needsPeerIdentity());
    EXPECT_TRUE(trust.admitsWithoutToken(PeerIdentity()));
    EXPECT_TRUE(trust.admitsWithoutToken(PeerIdentity::remote()));
}

TEST(LocalTrust, ConfigValuesAreReadAndAWrongOneIsRefusedSayingWhatItMeans) {
    GatewayConfig config;
    ConfigError error;
    ASSERT_TRUE(
        ConfigLoader::loadJson(R"({"client": {"local_trust": "any", "local_trust_root": false}})",
                               "t.json", &config, &error))
        << qPrintable(error.message);
    EXPECT_EQ(config.client.localTrust, ClientConfig::LocalTrust::Any);
    EXPECT_FALSE(config.client.localTrustRoot);
    const ConfigError e = loadError(R"({"client": {"local_trust": "everyone"}})");
    EXPECT_EQ(e.path, "client.local_trust");
    EXPECT_TRUE(e.message.contains("\"owner\"")) << qPrintable(e.message);
    EXPECT_TRUE(e.message.contains("\"any\"")) << qPrintable(e.message);
    EXPECT_TRUE(e.message.contains("everyone")) << qPrintable(e.message);
}
