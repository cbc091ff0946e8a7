#include "McpHookLog.h"

#include "plugins/PluginManager.h"

namespace gatehouse {

McpHost::ToolCallObserver mcpToolCallsInHookLog(PluginManager *plugins) {
    return [plugins](const QString &client, const QString &tool, const QString &requestId,
                     const McpToolResult &result) {
        if (!plugins->hookCallsObserved()) return;
        HookCallRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.plugin = QStringLiteral("mcp:") + client;
        record.hook = QStringLiteral("tools/call ") + tool;
        record.requestId = requestId;
        record.nanos = result.durationMs * 1000000;
        record.outcome = !result.ok         ? QStringLiteral("error")
                         : result.isError() ? QStringLiteral("tool_error")
                                            : QStringLiteral("ok");
        record.message =
            result.ok ? QStringLiteral("%1 bytes of result").arg(result.text().toUtf8().size())
                      : result.error;
        plugins->publishHookCall(record);
    };
}

}  // namespace gatehouse
