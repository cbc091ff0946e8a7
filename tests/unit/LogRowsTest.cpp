// How the log writer turns spans and bodies into stored text.
#include "json/JsonWriter.h"
#include "store/LogRows.h"
#include "trace/TraceJson.h"

#include <gtest/gtest.h>

using namespace gatehouse;

// The stored spans are written straight to bytes for speed; they must stay
// exactly the JSON the live feed and the API give for the same spans.
TEST(LogRowsTest, SpansJsonIsTheSameAsTheApisSpanShape) {
    QVector<TraceSpan> spans;
    EXPECT_EQ(LogRows::spansJson(spans), toCompactJson(traceSpansJson(spans)));
    spans.append({TraceSpan::Kind::Interceptor, "auth", 0, 3, "continue", {}});
    spans.append({TraceSpan::Kind::PreHook, "q\"uote\\back\tslash\n\u0001", 5, 12, "error",
                  QStringLiteral("bad ü 😀 \u007f </script>")});
    spans.append({TraceSpan::Kind::Provider, "up/gpt-4o", 20, 123456789012LL, "retry", "503"});
    spans.append({TraceSpan::Kind::PostHook, "", -1, 0, "", {}});
    spans.append({TraceSpan::Kind::Stream, "stream", 7, 8, "ok", "12 chunks"});
    EXPECT_EQ(LogRows::spansJson(spans), toCompactJson(traceSpansJson(spans)));
}

namespace {
gatehouse::TraceSpan span(gatehouse::TraceSpan::Kind kind, const char *name) {
    gatehouse::TraceSpan s;
    s.kind = kind;
    s.name = QString::fromLatin1(name);
    return s;
}
}  // namespace

// The requests.plugins column: each plugin with a hook span once, in the
// order they ran, between commas; the gateway's own spans are not plugins.
TEST(LogRowsTest, PluginListNamesEachPluginOnce) {
    using Kind = gatehouse::TraceSpan::Kind;
    gatehouse::RequestTrace t;
    EXPECT_EQ(t.pluginList(), QString());
    t.spans = {span(Kind::Provider, "openai/gpt-4o"), span(Kind::Route, "route")};
    EXPECT_EQ(t.pluginList(), QString());
    t.spans = {span(Kind::Interceptor, "semcache"),   span(Kind::PreHook, "cache"),
               span(Kind::Provider, "openai/gpt-4o"), span(Kind::PostHook, "cache"),
               span(Kind::PostHook, "semcache"),      span(Kind::PreHook, "sem"),
               span(Kind::PostHook, "cache2")};
    EXPECT_EQ(t.pluginList(), QStringLiteral(",semcache,cache,sem,cache2,"));
    t.spans = {span(Kind::PreHook, ""), span(Kind::PostHook, "")};
    EXPECT_EQ(t.pluginList(), QStringLiteral(",,"));
}
