#include "HookCalls.h"

#include "plugins/ActivePlugin.h"
#include "HookThreads.h"
#include "PluginInstance.h"
#include "plugins/PluginLog.h"
#include "PluginLogScope.h"

#include <QDebug>
#include <chrono>

namespace gatehouse {

namespace {
const char *const kHookNames[kPluginHookCount] = {"transportInterceptor", "preHook", "postHook",
                                                  "streamChunk"};
// A call slower than this is reported each time (besides the report of a
// call that took a plugin off the worker threads: see HookPace).
constexpr qint64 kSlowHookNanos = 500LL * 1000 * 1000;

QString requestIdOf(PluginContext &context) {
    try {
        return context.requestId();
    } catch (...) {
        return {};
    }
}

// Runs `call` inside the plugin's log scope, timed, and logs what went
// wrong. Returns "preHook threw ..." if it threw, else empty.
template <typename Call, typename HookErrorOf>
QString guarded(ActivePlugin &plugin, PluginHook hook, PluginContext &context, Call &&call,
                HookErrorOf &&hookErrorOf) {
    const char *hookName = kHookNames[int(hook)];
    QString thrown;
    const auto start = std::chrono::steady_clock::now();
    {
        PluginLogScope scope(plugin.logBook(), plugin.name(), hookName, &context);
        try {
            call();
        } catch (...) {
            thrown = describeCurrentException();
        }
    }
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now() - start)
                           .count();
    const QString hookError = thrown.isEmpty() ? hookErrorOf() : QString();
    const bool movedToHookThreads =
        plugin.recordCall(hook, qint64(nanos), !thrown.isEmpty() || !hookError.isEmpty());
    HookCallFeed &feed = plugin.logBook().hookCalls();
    if (feed.observed()) {
        HookCallRecord record;
        record.time = QDateTime::currentDateTimeUtc();
        record.plugin = plugin.name();
        record.hook = QLatin1String(hookName);
        record.requestId = requestIdOf(context);
        record.nanos = qint64(nanos);
        record.outcome = !thrown.isEmpty()      ? QStringLiteral("threw")
                         : !hookError.isEmpty() ? QStringLiteral("error")
                                                : QStringLiteral("ok");
        record.message = thrown.isEmpty() ? hookError : thrown;
        feed.publish(record);
    }
    if (movedToHookThreads || nanos > kSlowHookNanos) {
        const QString took = QStringLiteral("%1 took %2 ms")
                                 .arg(QLatin1String(hookName))
                                 .arg(qint64(nanos) / 1000000);
        const QString message =
            movedToHookThreads
                ? took + QStringLiteral(
                             "; its hooks now run on the hook threads so they don't hold "
                             "up other requests, until %1 calls in a row return in under "
                             "1 ms")
                             .arg(plugin.pace().provingCalls())
            : HookThreads::onHookThread()
                ? took + QStringLiteral(" (on a hook thread: only its own request waited)")
            : hook == PluginHook::StreamChunk
                ? took + QStringLiteral(
                             "; stream chunk hooks run on the request's worker thread and hold "
                             "up its other connections: they should return in microseconds")
                : took + QStringLiteral(
                             " on the request's worker thread, holding up its other "
                             "connections; hooks should return in milliseconds");
        plugin.log(QStringLiteral("warning"), message, QLatin1String(hookName),
                   requestIdOf(context));
        qWarning().noquote() << QStringLiteral("plugin %1: %2").arg(plugin.name(), message);
    }
    if (!thrown.isEmpty()) {
        const QString message = QStringLiteral(
                                    "%1 %2; its changes were undone and the request "
                                    "went on")
                                    .arg(QLatin1String(hookName), thrown);
        plugin.log(QStringLiteral("error"), message, QLatin1String(hookName), requestIdOf(context));
        qWarning().noquote() << QStringLiteral("plugin %1: %2").arg(plugin.name(), message);
    } else if (!hookError.isEmpty()) {
        plugin.log(QStringLiteral("error"), hookError, QLatin1String(hookName),
                   requestIdOf(context));
    }
    return thrown.isEmpty() ? thrown : QStringLiteral("%1 %2").arg(QLatin1String(hookName), thrown);
}
}  // namespace

HookResult callTransportInterceptor(ActivePlugin &plugin, PluginContext &context,
                                    const QString &url, PluginHeaders &headers, QJsonObject &body) {
    if (!plugin.hasHook(PluginHook::TransportInterceptor)) return {};
    // Copies are cheap (implicitly shared) and restore a half-done change.
    const PluginHeaders headersBefore = headers;
    const QJsonObject bodyBefore = body;
    HookResult result;
    const QString thrown = guarded(
        plugin, PluginHook::TransportInterceptor, context,
        [&] { result = plugin.plugin()->transportInterceptor(context, url, headers, body); },
        [&] { return result.hookError; });
    if (thrown.isEmpty()) return result;
    headers = headersBefore;
    body = bodyBefore;
    return HookResult::failed(thrown);
}

PreHookResult callPreHook(ActivePlugin &plugin, PluginContext &context, PluginRequest &request) {
    if (!plugin.hasHook(PluginHook::PreHook)) return {};
    const PluginRequest before = request;
    PreHookResult result;
    const QString thrown = guarded(
        plugin, PluginHook::PreHook, context,
        [&] { result = plugin.plugin()->preHook(context, request); },
        [&] { return result.hookError; });
    if (thrown.isEmpty()) return result;
    request = before;
    return PreHookResult::failed(thrown);
}

HookResult callPostHook(ActivePlugin &plugin, PluginContext &context,
                        std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) {
    if (!plugin.hasHook(PluginHook::PostHook)) return {};
    const std::optional<PluginResponse> responseBefore = response;
    const std::optional<PluginError> errorBefore = error;
    HookResult result;
    const QString thrown = guarded(
        plugin, PluginHook::PostHook, context,
        [&] { result = plugin.plugin()->postHook(context, response, error); },
        [&] { return result.hookError; });
    if (thrown.isEmpty()) return result;
    response = responseBefore;
    error = errorBefore;
    return HookResult::failed(thrown);
}

ChunkResult callStreamChunk(ActivePlugin &plugin, PluginContext &context, QJsonObject &chunk) {
    if (!plugin.hasHook(PluginHook::StreamChunk)) return {};
    const QJsonObject before = chunk;
    ChunkResult result;
    const QString thrown = guarded(
        plugin, PluginHook::StreamChunk, context,
        [&] { result = plugin.plugin()->streamChunk(context, chunk); },
        [&] { return result.hookError; });
    if (thrown.isEmpty()) return result;
    chunk = before;
    ChunkResult failed;
    failed.hookError = thrown;
    return failed;
}

}  // namespace gatehouse
