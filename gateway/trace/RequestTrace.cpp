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

// Built straight into the text (",a,b,"), without a list: the log writer
// calls it for every request, and most have no plugin span at all.
QString RequestTrace::pluginList() const {
    QString out;
    auto named = [&out](const QString &name) {
        for (qsizetype at = out.indexOf(name, 1); at > 0; at = out.indexOf(name, at + 1))
            if (out.at(at - 1) == QLatin1Char(',') && at + name.size() < out.size() &&
                out.at(at + name.size()) == QLatin1Char(','))
                return true;
        return false;
    };
    for (const TraceSpan &s : spans) {
        if (!s.isPluginHook()) continue;
        if (out.isEmpty()) out += QLatin1Char(',');
        if (named(s.name)) continue;
        out += s.name;
        out += QLatin1Char(',');
    }
    return out;
}

}  // namespace gatehouse
