#include "trace/RequestTrace.h"

#include <QStringList>

namespace gatehouse {

const char *traceSpanKindName(TraceSpan::Kind kind) {
    switch (kind) {
        case TraceSpan::Kind::Interceptor:
            return "transport_interceptor";
        case TraceSpan::Kind::PreHook:
            return "pre_hook";
        case TraceSpan::Kind::Provider:
            return "provider";
        case TraceSpan::Kind::PostHook:
            return "post_hook";
        case TraceSpan::Kind::Stream:
            return "stream";
        case TraceSpan::Kind::Translate:
            return "translate";
        case TraceSpan::Kind::Tool:
            return "mcp_tool";
        case TraceSpan::Kind::Route:
            return "route";
    }
    return "unknown";
}

QString RequestTrace::pluginList() const {
    QStringList names;
    for (const TraceSpan &s : spans) {
        if (!s.isPluginHook()) continue;
        if (!names.contains(s.name)) names << s.name;
    }
    return names.isEmpty() ? QString()
                           : QLatin1Char(',') + names.join(QLatin1Char(',')) + QLatin1Char(',');
}

}  // namespace gatehouse
