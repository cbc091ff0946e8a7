// The small rules behind the gateway's access checks: which Host names are
// ours, which origins may call, how a secret is shown.
#include "security/HostAllowList.h"
#include "security/OriginPolicy.h"
#include "security/RequestGuard.h"
#include "security/SecretMask.h"

#include <gtest/gtest.h>

using namespace gatehouse;

TEST(HostAllowList, AcceptsLoopbackNamesIpLiteralsAndTheMachinesName) {
    const HostAllowList hosts({}, QStringLiteral("Workstation"));
    for (const char *host : {"localhost", "localhost:8080", "LocalHost.", "127.0.0.1:1", "[::1]",
                             "[::1]:8080", "10.1.2.3", "workstation:8080", "workstation.local", ""})
        EXPECT_TRUE(hosts.allows(host)) << host;
}

// Each thread remembers its last answer; lists that differ never share it.
TEST(HostAllowList, RememberedAnswerBelongsToItsOwnList) {
    const HostAllowList strict({}, QStringLiteral("workstation"));
    const HostAllowList open({QStringLiteral("app.example.com")}, QStringLiteral("workstation"));
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(strict.allows("app.example.com:8080"));
        EXPECT_TRUE(open.allows("app.example.com:8080"));
        EXPECT_FALSE(strict.allows("app.example.com:8080"));
        EXPECT_TRUE(strict.allows("localhost:8080"));
        EXPECT_FALSE(strict.allows("evil.example:8080"));
    }
}

TEST(HostAllowList, RefusesOtherNamesAndMalformedHosts) {
    const HostAllowList hosts({}, QStringLiteral("workstation"));
    for (const char *host :
         {"evil.example", "localhost.evil.example", "127.0.0.1.evil.example", "1.2.3", "256.1.1.1",
          "::1", "[::1", "[::1]x", "localhost:80a", "[not-ip]", "workstation.evil.example"})
        EXPECT_FALSE(hosts.allows(host)) << host;
}

TEST(HostAllowList, AcceptsConfiguredNamesAndSubdomainPatterns) {
    const HostAllowList hosts({QStringLiteral("Gate.LAN:9000"), QStringLiteral("*.corp.example")},
                              {});
    EXPECT_TRUE(hosts.allows("gate.lan"));
    EXPECT_TRUE(hosts.allows("gate.lan:8080"));
    EXPECT_TRUE(hosts.allows("a.b.corp.example"));
    EXPECT_FALSE(hosts.allows("corp.example"));
    EXPECT_FALSE(hosts.allows("evilcorp.example"));
    EXPECT_TRUE(HostAllowList({QStringLiteral("*")}, {}).allows("anything.example"));
}

TEST(OriginPolicy, AllowsOnlyListedOriginsComparedWithoutCaseOrTrailingSlash) {
    const OriginPolicy policy({QStringLiteral("https://App.example.com/")});
    EXPECT_TRUE(policy.allows("https://app.example.com", "localhost:8080"));
    EXPECT_FALSE(policy.allows("http://app.example.com", "localhost:8080"));
    EXPECT_FALSE(policy.allows("https://app.example.com.evil.example", "localhost:8080"));
    EXPECT_FALSE(policy.allows("null", "localhost:8080"));
    EXPECT_TRUE(OriginPolicy({QStringLiteral("*")}).allows("null", "localhost"));
}

TEST(OriginPolicy, ThePagesOfTheGatewayItselfAreSameOrigin) {
    const OriginPolicy none({});
    EXPECT_TRUE(none.allows("http://localhost:8080", "localhost:8080"));
    EXPECT_FALSE(none.allows("http://localhost:3000", "localhost:8080"));
    EXPECT_FALSE(OriginPolicy::isSameOrigin("http://localhost:8080", ""));
}

TEST(RequestGuard, ManagementPathsAreRecognisedHoweverSpelled) {
    for (const char *path :
         {"/api", "/api/", "/api/plugins", "/API/Plugins", "//api//plugins", "/v1/../api/plugins",
          "/ws", "/ws/logs", "/./ws/logs", "/api/.", "/mcp", "/Mcp/x", "/v1/chat/../../mcp"})
        EXPECT_TRUE(RequestGuard::isManagementPath(path)) << path;
    for (const char *path : {"/", "/apis", "/v1/chat/completions", "/wss", "/health", "/v1/api",
                             "/v1/./chat", "/v1/Api", "/mcps", "/"})
        EXPECT_FALSE(RequestGuard::isManagementPath(path)) << path;
}

TEST(RequestGuard, InferencePathsAreTheModelRoutesSpelledPlainly) {
    for (const char *path : {"/v1/chat/completions", "/openai/v1/responses",
                             "/anthropic/v1/messages", "/genai/v1beta/models/m:generateContent"})
        EXPECT_TRUE(RequestGuard::isInferencePath(path)) << path;
    for (const char *path : {"/v1//chat/completions", "/v1/./responses", "/v1/chat/.", "/api/logs",
                             "/v1/mcp/tool/execute", "/health", "/", "//v1/responses"})
        EXPECT_FALSE(RequestGuard::isInferencePath(path)) << path;
}

TEST(SecretMask, ShowsAVendorPrefixAndTheLastFourCharacters) {
    EXPECT_EQ(SecretMask::mask(QStringLiteral("sk-proj-abcdefghijklmnop1234")),
              QStringLiteral("sk-...1234"));
    EXPECT_EQ(SecretMask::mask(QStringLiteral("gsk_abcdefghijklmnopwxyz")),
              QStringLiteral("...wxyz"));
    EXPECT_EQ(SecretMask::mask(QStringLiteral("short-key")), QStringLiteral("****"));
    EXPECT_EQ(SecretMask::mask(QString()), QString());
}

TEST(SecretMask, RecognisesHeadersThatCarryCredentials) {
    for (const char *name :
         {"Authorization", "api-key", "X-API-Key", "X-Auth-Token", "Cookie", "x-goog-api-key"})
        EXPECT_TRUE(SecretMask::isSecretHeaderName(QString::fromLatin1(name))) << name;
    for (const char *name : {"Content-Type", "anthropic-version", "OpenAI-Organization"})
        EXPECT_FALSE(SecretMask::isSecretHeaderName(QString::fromLatin1(name))) << name;
}

TEST(SecretMask, RedactsEveryOccurrenceInText) {
    const QString key = QStringLiteral("sk-ant-api03-SECRETSECRET9876");
    const QString text = QStringLiteral("Invalid key %1 (key %1 was revoked)").arg(key);
    const QString redacted = SecretMask::redact(text, key);
    EXPECT_FALSE(redacted.contains(QStringLiteral("SECRETSECRET")));
    EXPECT_EQ(redacted, QStringLiteral("Invalid key sk-...9876 (key sk-...9876 was revoked)"));
    EXPECT_EQ(SecretMask::redact(QStringLiteral("no key here"), key),
              QStringLiteral("no key here"));
    EXPECT_EQ(SecretMask::redact(QStringLiteral("a b"), QString()), QStringLiteral("a b"));
}
