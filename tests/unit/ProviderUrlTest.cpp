// joinProviderUrl (remembered per thread) and sameUrl (the connection's
// "same URL as last time" check).
#include "providers/ProviderDialect.h"
#include "upstream/SameUrl.h"

#include <gtest/gtest.h>

namespace gatehouse {
namespace {

TEST(ProviderUrl, JoinsBaseAndPathWithoutDoubling) {
    const QString chat = QStringLiteral("/v1/chat/completions");
    EXPECT_EQ(joinProviderUrl(QStringLiteral("http://a:1"), chat).toString(),
              QStringLiteral("http://a:1/v1/chat/completions"));
    EXPECT_EQ(joinProviderUrl(QStringLiteral("http://a:1/"), chat).toString(),
              QStringLiteral("http://a:1/v1/chat/completions"));
    EXPECT_EQ(joinProviderUrl(QStringLiteral("https://api.groq.com/openai/v1"), chat).toString(),
              QStringLiteral("https://api.groq.com/openai/v1/chat/completions"));
}

// The last answer is remembered; switching providers or paths must never
// hand back the previous one.
TEST(ProviderUrl, AlternatingProvidersAndPathsGetTheirOwnUrl) {
    const QString a = QStringLiteral("http://a:1"), b = QStringLiteral("http://b:2/v1");
    const QString chat = QStringLiteral("/v1/chat/completions"),
                  emb = QStringLiteral("/v1/embeddings");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(joinProviderUrl(a, chat).toString(),
                  QStringLiteral("http://a:1/v1/chat/completions"));
        EXPECT_EQ(joinProviderUrl(a, chat).toString(),
                  QStringLiteral("http://a:1/v1/chat/completions"));
        EXPECT_EQ(joinProviderUrl(b, chat).toString(),
                  QStringLiteral("http://b:2/v1/chat/completions"));
        EXPECT_EQ(joinProviderUrl(b, emb).toString(), QStringLiteral("http://b:2/v1/embeddings"));
        EXPECT_EQ(joinProviderUrl(a, emb).toString(), QStringLiteral("http://a:1/v1/embeddings"));
    }
}

TEST(ProviderUrl, SameUrlComparesValuesNotJustSharedCopies) {
    const QUrl one(QStringLiteral("http://a:1/v1/chat/completions"));
    const QUrl copy = one;
    const QUrl parsedAgain(QStringLiteral("http://a:1/v1/chat/completions"));
    const QUrl other(QStringLiteral("http://a:1/v1/embeddings"));
    EXPECT_TRUE(sameUrl(one, copy));
    EXPECT_TRUE(sameUrl(one, parsedAgain));
    EXPECT_FALSE(sameUrl(one, other));
    EXPECT_FALSE(sameUrl(one, QUrl()));
    EXPECT_TRUE(sameUrl(QUrl(), QUrl()));
}

}  // namespace
}  // namespace gatehouse
