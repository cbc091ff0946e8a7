#pragma once

#include "trace/PluginLogLine.h"
#include "trace/RequestTrace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse {

// The JSON shapes of the live feed (GET /api/logs/live), the same fields as
// GET /api/logs rows; spans are included so a tail sees every hook call.
QJsonObject traceSummaryJson(const RequestTrace &trace);
// The spans as stored and served: [{kind, name, start_us, duration_us, outcome, message?}].
QJsonArray traceSpansJson(const QVector<TraceSpan> &spans);
QJsonObject pluginLogLineJson(const PluginLogLine &line);

}  // namespace gatehouse
