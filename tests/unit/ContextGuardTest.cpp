#include "trace/ContextGuard.h"
#include "trace/RequestTrace.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

RequestTrace traceOf(int prompt, int window, bool assumed = false) {
    RequestTrace t;
    t.id = QStringLiteral("r1");
    t.status = 200;
    t.provider = QStringLiteral("ollama");
    t.model = QStringLiteral("qwen3:8b");
    t.promptTokens = prompt;
    t.contextWindow = window;
    t.contextWindowAssumed = assumed;
    return t;
}

// A turn of `messages` messages (hashes 1..n) and `prompt` tokens.
CachePrefix turn(const char *id, int messages, int prompt) {
    CachePrefix p;
    p.requestId = QLatin1String(id);
    p.target = QStringLiteral("ollama/qwen3:8b");
    p.tools = 7;
    p.system = 9;
    for (int i = 1; i <= messages; ++i) p.messages << size_t(i);
    p.prompt = prompt;
    return p;
}

RequestTrace sessionTrace(const CachePrefix &p) {
    RequestTrace t = traceOf(p.prompt, 0);
    t.id = p.requestId;
    t.sessionId = QStringLiteral("s1");
    return t;
}

}  // namespace

TEST(ContextGuard, APromptAtTheConfiguredWindowIsWarnedAbout) {
    const QString w = ContextGuard::atLimit(traceOf(32768, 32768));
    EXPECT_TRUE(w.contains("32768 prompt tokens")) << w.toStdString();
    EXPECT_TRUE(w.contains("configured for ollama/qwen3:8b")) << w.toStdString();
}

TEST(ContextGuard, APromptJustShortOfTheWindowCountsAsAtIt) {
    // Ollama drops whole messages, so the cut prompt ends a little short.
    const int window = 4096;
    EXPECT_FALSE(ContextGuard::atLimit(traceOf(window - ContextGuard::limitMargin(window), window))
                     .isEmpty());
    EXPECT_TRUE(
        ContextGuard::atLimit(traceOf(window - ContextGuard::limitMargin(window) - 1, window))
            .isEmpty());
}

TEST(ContextGuard, OllamasAssumedDefaultIsNamedAsSuch) {
    const QString w = ContextGuard::atLimit(traceOf(4096, 4096, true));
    EXPECT_TRUE(w.contains("Ollama's default context of 4096 tokens")) << w.toStdString();
}

TEST(ContextGuard, NoWindowOrAFailedRequestIsNeverWarnedAbout) {
    EXPECT_TRUE(ContextGuard::atLimit(traceOf(100000, 0)).isEmpty());
    RequestTrace failed = traceOf(4096, 4096);
    failed.status = 500;
    EXPECT_TRUE(ContextGuard::atLimit(failed).isEmpty());
    RequestTrace noUsage = traceOf(0, 4096);
    noUsage.promptTokens.reset();
    EXPECT_TRUE(ContextGuard::atLimit(noUsage).isEmpty());
}

TEST(ContextGuard, AGrowingConversationWithFewerTokensWasCut) {
    const QString w = ContextGuard::shrank(turn("a", 10, 3000), turn("b", 12, 1800));
    EXPECT_TRUE(w.contains("down from 3000")) << w.toStdString();
    EXPECT_TRUE(w.contains("12 messages, was 10")) << w.toStdString();
}

TEST(ContextGuard, AGrowingConversationWithMoreTokensIsFine) {
    EXPECT_TRUE(ContextGuard::shrank(turn("a", 10, 3000), turn("b", 12, 3400)).isEmpty());
    // A few tokens fewer is within a template's slack.
    EXPECT_TRUE(ContextGuard::shrank(turn("a", 10, 3000), turn("b", 12, 2950)).isEmpty());
}

TEST(ContextGuard, ACompactedOrChangedConversationExplainsADrop) {
    CachePrefix compacted = turn("b", 4, 900);  // fewer messages: the agent compacted
    EXPECT_TRUE(ContextGuard::shrank(turn("a", 10, 3000), compacted).isEmpty());
    CachePrefix edited = turn("b", 12, 900);
    edited.messages[3] = 99;  // history rewritten
    EXPECT_TRUE(ContextGuard::shrank(turn("a", 10, 3000), edited).isEmpty());
    CachePrefix fewerTools = turn("b", 12, 900);
    fewerTools.tools = 8;
    EXPECT_TRUE(ContextGuard::shrank(turn("a", 10, 3000), fewerTools).isEmpty());
    CachePrefix otherModel = turn("b", 12, 900);
    otherModel.target = QStringLiteral("ollama/small");
    EXPECT_TRUE(ContextGuard::shrank(turn("a", 10, 3000), otherModel).isEmpty());
}

TEST(ContextGuard, ObserveComparesWithTheSessionsTurnOfTheSameModel) {
    ContextGuard guard;
    const CachePrefix first = turn("a", 10, 3000);
    EXPECT_TRUE(guard.observe(sessionTrace(first), &first).isEmpty());
    // A sub-agent's small call in between, on another model.
    CachePrefix side = turn("side", 2, 200);
    side.target = QStringLiteral("ollama/small");
    EXPECT_TRUE(guard.observe(sessionTrace(side), &side).isEmpty());
    const CachePrefix cut = turn("b", 12, 1800);
    const QString w = guard.observe(sessionTrace(cut), &cut);
    EXPECT_TRUE(w.contains("(a)")) << w.toStdString();
    // Another session's turns are not compared with.
    const CachePrefix other = turn("c", 14, 100);
    RequestTrace otherTrace = sessionTrace(other);
    otherTrace.sessionId = QStringLiteral("s2");
    EXPECT_TRUE(guard.observe(otherTrace, &other).isEmpty());
}

TEST(ContextGuard, TheLimitSignNeedsNoSession) {
    ContextGuard guard;
    EXPECT_FALSE(guard.observe(traceOf(8192, 8192), nullptr).isEmpty());
    EXPECT_TRUE(guard.observe(traceOf(100, 8192), nullptr).isEmpty());
}
