// Prompt-cache reports of agent sessions: a turn is compared with the
// earlier turn of its session that shares most of its prefix, and a turn
// that read much less from the cache than that turn left says why. Built
// on Claude Code's recorded requests (tests/support/fixtures/clients),
// changed the ways that break a provider's cache.
#include "trace/CacheWatch.h"
#include "trace/RequestTrace.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace gatehouse;

namespace {

QJsonObject fixtureBody(const char *name, const char *folder = "claude-code") {
    QFile f(QStringLiteral(GATEHOUSE_CLIENT_FIXTURES "/") + QLatin1String(folder) +
            QLatin1Char('/') + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return QJsonDocument::fromJson(f.readAll()).object().value("body").toObject();
}

struct Turn {
    QString id;
    QJsonObject body;
    qint64 atMs = 0;
    int cached = 0;
    int written = 0;
    QString endpoint = QStringLiteral("/anthropic/v1/messages");
    QString model = QStringLiteral("claude-sonnet-4-5");
};

CachePrefix prefixOf(const Turn &t) {
    RequestTrace trace;
    trace.id = t.id;
    trace.startedAtMs = t.atMs;
    trace.endpoint = t.endpoint;
    trace.provider = QStringLiteral("anthropic");
    trace.model = t.model;
    trace.sessionBody = QJsonDocument(t.body).toJson(QJsonDocument::Compact);
    trace.cachedTokens = t.cached;
    trace.cacheWriteTokens = t.written;
    trace.promptTokens = t.cached + t.written + 10;
    const auto p = cachePrefixOf(trace);
    EXPECT_TRUE(p.has_value());
    return p.value_or(CachePrefix());
}

// The first turn of the recorded tool round trip wrote 20000 tokens to
// the cache; the second is compared with it.
QJsonObject secondTurn(const QJsonObject &body, int cached, qint64 gapMs = 30000,
                       const QString &model = QStringLiteral("claude-sonnet-4-5")) {
    CacheWatch watch;
    Turn first{QStringLiteral("t1"), fixtureBody("tool-1-messages-stream.json"), 1000000, 0, 20000};
    EXPECT_TRUE(watch.observe(prefixOf(first), "s").isEmpty()) << "nothing to compare with";
    Turn second{QStringLiteral("t2"), body, 1000000 + gapMs, cached, 300};
    second.model = model;
    return watch.observe(prefixOf(second), "s");
}

QStringList reasonsOf(const QJsonObject &report) {
    QStringList out;
    for (const QJsonValue &v : report.value("reasons").toArray()) out << v.toString();
    return out;
}

bool anyContains(const QStringList &list, const char *text) {
    for (const QString &s : list)
        if (s.contains(QLatin1String(text))) return true;
    return false;
}

const QJsonObject kSecond = fixtureBody("tool-2-messages-stream-tool-result.json");

QJsonValue withoutMarkers(const QJsonValue &v) {
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) a[i] = withoutMarkers(a[i]);
        return a;
    }
    if (!v.isObject()) return v;
    QJsonObject o = v.toObject();
    o.remove("cache_control");
    for (auto it = o.begin(); it != o.end(); ++it) it.value() = withoutMarkers(it.value());
    return o;
}

}  // namespace

TEST(CacheWatch, AHitIsReportedAsNoMissEvenThoughTheBreakpointMoved) {
    // Claude Code moved its last breakpoint from message 0 to message 3.
    const QJsonObject report = secondTurn(kSecond, 20000);
    EXPECT_FALSE(report["missed"].toBool());
    EXPECT_EQ(report["compared_to"].toString(), QStringLiteral("t1"));
    EXPECT_EQ(report["expected_cached"].toInt(), 20000);
    EXPECT_FALSE(report.contains("reasons"));
}

TEST(CacheWatch, AMissWithNothingChangedBlamesTheProvider) {
    const QJsonObject report = secondTurn(kSecond, 0);
    EXPECT_TRUE(report["missed"].toBool());
    const QStringList why = reasonsOf(report);
    ASSERT_EQ(why.size(), 1);
    EXPECT_TRUE(why[0].contains("prefix is unchanged")) << why[0].toStdString();
}

TEST(CacheWatch, ASystemPromptChangeIsNamed) {
    QJsonObject body = kSecond;
    QJsonArray system = body["system"].toArray();
    QJsonObject block = system[2].toObject();
    block["text"] = block["text"].toString() + " Today is Tuesday.";
    system[2] = block;
    body["system"] = system;
    const QStringList why = reasonsOf(secondTurn(body, 0));
    EXPECT_EQ(why, QStringList{"the system prompt changed"});
}

TEST(CacheWatch, ToolsReorderedAddedRemovedOrChangedAreTold) {
    QJsonObject reordered = kSecond;
    QJsonArray tools = kSecond["tools"].toArray();
    QJsonArray reversed;
    for (qsizetype i = tools.size() - 1; i >= 0; --i) reversed.append(tools[i]);
    reordered["tools"] = reversed;
    EXPECT_TRUE(anyContains(reasonsOf(secondTurn(reordered, 0)), "reordered (the same 24 tools"));

    QJsonObject changed = kSecond;
    QJsonArray edited = tools;
    QJsonObject bash = edited[1].toObject();
    ASSERT_EQ(bash["name"].toString(), QStringLiteral("Bash"));
    bash["description"] = QStringLiteral("Runs a command.");
    edited[1] = bash;
    edited.removeLast();  // Write
    edited.append(
        QJsonObject{{"name", "Deploy"}, {"input_schema", QJsonObject{{"type", "object"}}}});
    changed["tools"] = edited;
    const QStringList why = reasonsOf(secondTurn(changed, 0));
    ASSERT_EQ(why.size(), 1) << why.join(" | ").toStdString();
    EXPECT_EQ(why[0],
              QStringLiteral("the tools changed: added Deploy; removed Write; changed Bash"));
}

TEST(CacheWatch, AModelSwitchIsNamed) {
    const QStringList why =
        reasonsOf(secondTurn(kSecond, 0, 30000, QStringLiteral("claude-opus-4-1")));
    EXPECT_TRUE(anyContains(why,
                            "model changed from anthropic/claude-sonnet-4-5 to "
                            "anthropic/claude-opus-4-1"))
        << why.join(" | ").toStdString();
}

TEST(CacheWatch, EditedHistoryNamesTheFirstMessageThatDiffers) {
    QJsonObject body = kSecond;
    QJsonArray messages = body["messages"].toArray();
    messages[1] = QJsonObject{{"role", "user"}, {"content", "a summary of what came before"}};
    body["messages"] = messages;
    EXPECT_TRUE(anyContains(reasonsOf(secondTurn(body, 0)), "changed at message 1"));
}

TEST(CacheWatch, AStringAndTheOneTextBlockItStandsForAreTheSameMessage) {
    // Claude Code 2.1.3xx marks its environment message (a system-role
    // message) on the turn that caches it, as a text block, and sends it
    // as a plain string on the next: the same tokens to Anthropic.
    QJsonObject first = fixtureBody("tool-1-messages-stream.json");
    QJsonArray messages = first["messages"].toArray();
    QJsonObject environment = messages[1].toObject();
    ASSERT_TRUE(environment["content"].isString());
    environment["content"] =
        QJsonArray{QJsonObject{{"type", "text"},
                               {"text", environment["content"]},
                               {"cache_control", QJsonObject{{"type", "ephemeral"}}}}};
    messages[1] = environment;
    first["messages"] = messages;
    first["system"] = QStringLiteral("be brief");
    QJsonObject second = kSecond;
    second["system"] = QJsonArray{QJsonObject{{"type", "text"}, {"text", "be brief"}}};
    CacheWatch watch;
    Turn one{QStringLiteral("t1"), first, 1000000, 0, 20000};
    EXPECT_TRUE(watch.observe(prefixOf(one), "s").isEmpty());
    // A provider that read nothing of it is to blame: the prefix is the same.
    Turn two{QStringLiteral("t2"), second, 1030000, 0, 20000};
    const QStringList why = reasonsOf(watch.observe(prefixOf(two), "s"));
    ASSERT_EQ(why.size(), 1) << why.join(" | ").toStdString();
    EXPECT_TRUE(why[0].contains("prefix is unchanged")) << why[0].toStdString();

    // A block with other text, or of another type, still differs.
    QJsonArray edited = second["messages"].toArray();
    QJsonObject other = edited[1].toObject();
    other["content"] = QJsonArray{QJsonObject{{"type", "text"}, {"text", "another environment"}}};
    edited[1] = other;
    second["messages"] = edited;
    Turn three{QStringLiteral("t3"), second, 1060000, 0, 300};
    EXPECT_TRUE(
        anyContains(reasonsOf(watch.observe(prefixOf(three), "s")), "changed at message 1"));
}

TEST(CacheWatch, ClaudeCodesNewestTurnsShareTheirWholePrefix) {
    // As recorded from Claude Code 2.1.332: its environment message is a
    // marked text block on the first turn and a string on the second.
    const char *folder = "claude-code-2.1.332";
    CacheWatch watch;
    Turn one{QStringLiteral("t1"), fixtureBody("tool-1-messages-stream.json", folder), 1000000, 0,
             20000};
    EXPECT_TRUE(watch.observe(prefixOf(one), "s").isEmpty());
    Turn two{QStringLiteral("t2"), fixtureBody("tool-2-messages-stream-tool-result.json", folder),
             1030000, 0, 300};
    const QStringList why = reasonsOf(watch.observe(prefixOf(two), "s"));
    ASSERT_EQ(why.size(), 1) << why.join(" | ").toStdString();
    EXPECT_TRUE(why[0].contains("prefix is unchanged")) << why[0].toStdString();
}

TEST(CacheWatch, MissingBreakpointsAreNamed) {
    const QJsonObject body = withoutMarkers(kSecond).toObject();
    ASSERT_FALSE(QJsonDocument(body).toJson().contains("cache_control"));
    const QStringList why = reasonsOf(secondTurn(body, 0));
    EXPECT_EQ(why, QStringList{"the request has no cache_control breakpoints (the turn before had "
                               "3)"});
}

TEST(CacheWatch, ALongPauseIsBlamedOnTheCachesLifetimeUnlessItLastsAnHour) {
    const QStringList why = reasonsOf(secondTurn(kSecond, 0, 10 * 60 * 1000));
    EXPECT_EQ(why, QStringList{"10 min since that turn: past the cache's 5 min lifetime"});

    // The same pause with one-hour breakpoints in the first turn.
    CacheWatch watch;
    QJsonObject first = fixtureBody("tool-1-messages-stream.json");
    const QByteArray text = QJsonDocument(first)
                                .toJson(QJsonDocument::Compact)
                                .replace(R"("cache_control":{"type":"ephemeral"})",
                                         R"("cache_control":{"type":"ephemeral","ttl":"1h"})");
    watch.observe(prefixOf({"t1", QJsonDocument::fromJson(text).object(), 0, 0, 20000}), "s");
    const QJsonObject report = watch.observe(prefixOf({"t2", kSecond, 10 * 60 * 1000, 0, 0}), "s");
    EXPECT_FALSE(anyContains(reasonsOf(report), "lifetime"));
}

TEST(CacheWatch, ATurnIsComparedWithTheTurnItSharesMostWith) {
    CacheWatch watch;
    const QJsonObject main = fixtureBody("tool-1-messages-stream.json");
    QJsonObject subAgent = main;
    subAgent["system"] = QStringLiteral("You are a sub-agent that searches files.");
    watch.observe(prefixOf({"main-1", main, 0, 0, 20000}), "s");
    watch.observe(prefixOf({"sub-1", subAgent, 1000, 0, 3000}), "s");
    const QJsonObject report = watch.observe(prefixOf({"main-2", kSecond, 2000, 20000, 100}), "s");
    EXPECT_EQ(report["compared_to"].toString(), QStringLiteral("main-1"));
    EXPECT_FALSE(report["missed"].toBool());
    // Another session's turns are never compared.
    EXPECT_TRUE(watch.observe(prefixOf({"other-1", kSecond, 3000, 0, 0}), "other").isEmpty());
}

TEST(CacheWatch, SmallPrefixesAndTurnsWithoutUsageAreNoMiss) {
    CacheWatch watch;
    watch.observe(prefixOf({"t1", kSecond, 0, 0, 500}), "s");  // below 1024: never cached
    EXPECT_TRUE(watch.observe(prefixOf({"t2", kSecond, 1, 0, 0}), "s").isEmpty());
    RequestTrace noUsage;
    noUsage.id = QStringLiteral("t3");
    noUsage.endpoint = QStringLiteral("/anthropic/v1/messages");
    noUsage.sessionBody = QJsonDocument(kSecond).toJson();
    EXPECT_TRUE(watch.observe(*cachePrefixOf(noUsage), "s").isEmpty());
}

TEST(CacheWatch, OldSessionsAreForgotten) {
    CacheWatch watch;
    for (int i = 0; i <= CacheWatch::kSessionsKept; ++i)
        watch.observe(prefixOf({QStringLiteral("a%1").arg(i), kSecond, i, 0, 5000}),
                      QStringLiteral("s%1").arg(i));
    // s0 was the least recently active: forgotten, nothing to compare with.
    EXPECT_TRUE(watch.observe(prefixOf({"b0", kSecond, 9999, 0, 0}), "s0").isEmpty());
    // (That made s1 the least recently active, and forgot it.)
    EXPECT_TRUE(watch.observe(prefixOf({"b2", kSecond, 9999, 0, 0}), "s2")["missed"].toBool());
}

TEST(CachePrefix, OtherFormatsKeyOnTheirOwnSystemToolsAndMessages) {
    auto prefix = [](const char *endpoint, const char *json) {
        RequestTrace t;
        t.id = QStringLiteral("x");
        t.endpoint = QLatin1String(endpoint);
        t.sessionBody = json;
        return *cachePrefixOf(t);
    };
    const CachePrefix chat = prefix("/v1/chat/completions", R"({"messages": [
        {"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"}],
        "tools": [{"type": "function", "function": {"name": "shell"}}]})");
    EXPECT_EQ(chat.messages.size(), 2);  // the system message is the system prompt
    EXPECT_EQ(chat.toolNames, QStringList{"shell"});
    EXPECT_EQ(chat.ttlSeconds, 300);
    const CachePrefix responses = prefix("/v1/responses", R"({"instructions": "be brief",
        "input": [{"role": "user", "content": "hi"}], "tools": [{"type": "web_search"}]})");
    EXPECT_EQ(responses.messages.size(), 1);
    EXPECT_EQ(responses.toolNames, QStringList{"web_search"});
    EXPECT_NE(responses.system, prefix("/v1/responses", R"({"instructions": "be long"})").system);
    const CachePrefix gemini = prefix("/genai/streamGenerateContent", R"({
        "systemInstruction": {"parts": [{"text": "be brief"}]},
        "contents": [{"role": "user", "parts": [{"text": "hi"}]}]})");
    EXPECT_EQ(gemini.messages.size(), 1);
    EXPECT_NE(gemini.system, size_t(0));
    // Chat's string content and its one text part are the same message,
    EXPECT_EQ(
        prefix("/v1/chat/completions", R"({"messages": [{"role": "user", "content": "hi"}]})")
            .messages,
        prefix("/v1/chat/completions",
               R"({"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]})")
            .messages);
    // And the same system prompt.
    EXPECT_EQ(prefix("/v1/chat/completions",
                     R"({"messages": [{"role": "system", "content": "be brief"}]})")
                  .system,
              prefix("/v1/chat/completions", R"({"messages": [{"role": "system",
                     "content": [{"type": "text", "text": "be brief"}]}]})")
                  .system);
    RequestTrace notJson;
    notJson.sessionBody = "not json";
    EXPECT_FALSE(cachePrefixOf(notJson));
}
