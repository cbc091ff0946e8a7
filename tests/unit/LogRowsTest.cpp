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
