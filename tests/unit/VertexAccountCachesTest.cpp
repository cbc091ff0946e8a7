// Vertex token caches are let go once unused: a worker drops the caches of
// accounts idle for a while (taken out of the config), and the process-wide
// registry forgets accounts nobody holds.
#include <gtest/gtest.h>

#include "providers/vertex/VertexAccountCaches.h"
#include "providers/vertex/VertexTokenCache.h"

using namespace gatehouse;

namespace {

ServiceAccount account(const QString &email) {
    return {email, QStringLiteral("-----BEGIN PRIVATE KEY-----"), QStringLiteral("kid"),
            QStringLiteral("https://oauth2.googleapis.com/token")};
}

TEST(VertexAccountCaches, IdleEntriesAreDropped) {
    VertexAccountCaches caches(1000);
    auto a = VertexTokenCache::forAccount(account("idle-a@test"));
    auto b = VertexTokenCache::forAccount(account("idle-b@test"));
    caches.insert("a", a, 0);
    caches.insert("b", b, 0);
    EXPECT_EQ(caches.find("a", 600), a);  // a is used; b is not
    EXPECT_EQ(caches.size(), 2);
    EXPECT_EQ(caches.find("a", 1200), a);  // b idle for 1200 ms: swept
    EXPECT_EQ(caches.size(), 1);
    EXPECT_EQ(caches.find("b", 1250), nullptr);
    EXPECT_EQ(caches.find("a", 1700), a);  // used 500 ms ago: kept
}

TEST(VertexTokenCacheRegistry, OneCachePerAccountWhileHeldThenForgotten) {
    const int before = VertexTokenCache::registeredAccounts();
    auto first = VertexTokenCache::forAccount(account("held@test"));
    auto again = VertexTokenCache::forAccount(account("held@test"));
    EXPECT_EQ(first, again);  // shared by every holder
    auto other = VertexTokenCache::forAccount(account("other@test"));
    EXPECT_NE(first, other);
    EXPECT_EQ(VertexTokenCache::registeredAccounts(), before + 2);

    const std::weak_ptr<VertexTokenCache> watched = first;
    first.reset();
    again.reset();
    EXPECT_TRUE(watched.expired());  // the registry kept it no longer
    EXPECT_EQ(VertexTokenCache::registeredAccounts(), before + 1);
    other.reset();
    EXPECT_EQ(VertexTokenCache::registeredAccounts(), before);
}

}  // namespace
