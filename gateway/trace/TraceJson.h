#pragma once

#include "plugins/PluginLog.h"
#include "trace/RequestTrace.h"

#include <QJsonObject>

namespace gatehouse {

// The JSON shapes of the live feed (GET /api/logs/live), the same fields as
// GET /api/logs rows; spans are included so a tail sees every hook call.
QJsonObject traceSummaryJson(const RequestTrace &trace);
QJsonObject pluginLogLineJson(const PluginLogLine &line);

}  // namespace gatehouse
