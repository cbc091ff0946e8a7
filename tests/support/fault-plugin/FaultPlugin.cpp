// Misbehaves as each request asks, through request headers, so one loaded
// instance serves every case of the plugin fault battery:
//   x-fault-sleep-ms: N        preHook sleeps N ms (blocking, as a careless
//                              plugin would)
//   x-fault-hold-until: PATH   preHook blocks until the file PATH exists
//                              (at most 30 s), so a test decides how long;
//                              it creates PATH.held first, so a test knows
//                              the hook is holding
//   x-fault: respond-empty     preHook short-circuits with an empty object
//   x-fault: respond-array     preHook short-circuits with a body that is no
//                              answer at all ({"choices": "garbage"})
//   x-fault: reject-empty      preHook rejects with a default PluginError
//                              (no code, no message)
//   x-fault: post-null         postHook drops the response and sets no error
//   x-fault: post-empty-error  postHook swaps the response for an empty error
//   x-fault: chunk-garbage     streamChunk replaces every chunk with {"x":1}
//   x-fault: chunk-drop        streamChunk drops every chunk
#include <gatehouse/plugin.h>

#include <QFile>
#include <QObject>
#include <chrono>
#include <thread>

using namespace gatehouse;

class FaultPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "fault.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("fault"); }

    PreHookResult preHook(PluginContext &ctx, PluginRequest &) override {
        const int sleepMs = ctx.clientHeader("x-fault-sleep-ms").toInt();
        if (sleepMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
        const QString holdUntil = QString::fromUtf8(ctx.clientHeader("x-fault-hold-until"));
        if (!holdUntil.isEmpty())
            QFile(holdUntil + QStringLiteral(".held")).open(QIODevice::WriteOnly);
        for (int i = 0; !holdUntil.isEmpty() && i < 3000 && !QFile::exists(holdUntil); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        const QByteArray fault = ctx.clientHeader("x-fault");
        if (fault == "respond-empty") return PreHookResult::respond(PluginResponse{});
        if (fault == "respond-array")
            return PreHookResult::respond(PluginResponse{
                QJsonObject{{QStringLiteral("choices"), QStringLiteral("garbage")}}, {}});
        if (fault == "reject-empty") return PreHookResult::reject(PluginError{});
        return {};
    }

    HookResult postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override {
        const QByteArray fault = ctx.clientHeader("x-fault");
        if (fault == "post-null") {
            response.reset();
            error.reset();
        } else if (fault == "post-empty-error") {
            response.reset();
            error = PluginError{};
            error->status = 0;
        }
        return {};
    }

    ChunkResult streamChunk(PluginContext &ctx, QJsonObject &chunk) override {
        ChunkResult result;
        const QByteArray fault = ctx.clientHeader("x-fault");
        if (fault == "chunk-garbage") chunk = QJsonObject{{QStringLiteral("x"), 1}};
        if (fault == "chunk-drop") result.drop = true;
        return result;
    }
};

#include "FaultPlugin.moc"
