// A test plugin whose behaviour comes from its config, built under several
// names (chain-a, chain-b, chain-c) to test the pipeline's semantics: order,
// short-circuits, error flips, hook errors, exceptions, stream chunks.
//
// Every hook appends "<hook>:<name>" to the request's "trace" value; each
// postHook puts the trace so far in the response header x-trace, so the
// client sees the order in which the hooks ran.
#include <gatehouse/plugin.h>

#include <QJsonArray>
#include <QObject>
#include <stdexcept>

#ifndef CHAIN_PLUGIN_NAME
#error "CHAIN_PLUGIN_NAME must be defined"
#endif

namespace {

void trace(gatehouse::PluginContext &ctx, const QString &step) {
    QStringList t = ctx.value(QStringLiteral("trace")).toStringList();
    t << step;
    ctx.setValue(QStringLiteral("trace"), t);
}

QJsonObject completion(const QString &text) {
    return {{"id", "chatcmpl-plugin"},
            {"object", "chat.completion"},
            {"created", 1},
            {"model", "plugin"},
            {"choices", QJsonArray{QJsonObject{
                            {"index", 0},
                            {"message", QJsonObject{{"role", "assistant"}, {"content", text}}},
                            {"finish_reason", "stop"}}}}};
}

}  // namespace

class ChainPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "chain-plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral(CHAIN_PLUGIN_NAME); }

    bool init(const QJsonObject &config, gatehouse::PluginHost &, QString *) override {
        config_ = config;
        return true;
    }

    gatehouse::PreHookResult preHook(gatehouse::PluginContext &ctx,
                                     gatehouse::PluginRequest &request) override {
        trace(ctx, QStringLiteral("pre:") + name());
        if (config_.value("throw_in").toString() == QLatin1String("preHook"))
            throw std::runtime_error("preHook exploded");
        if (config_.contains("set_user")) request.body.insert("user", config_.value("set_user"));
        if (config_.contains("reroute")) {
            const QString to = config_.value("reroute").toString();
            request.provider = to.section('/', 0, 0);
            request.model = to.section('/', 1);
        }
        const QString sc = config_.value("short_circuit").toString();
        if (sc == QLatin1String("response"))
            return gatehouse::PreHookResult::respond({completion("answered by " + name()), {}});
        if (sc == QLatin1String("error")) {
            gatehouse::PluginError e;
            e.status = config_.value("status").toInt(429);
            e.type = QStringLiteral("rate_limit_error");
            e.code = QStringLiteral("blocked_by_plugin");
            e.message = "blocked by " + name();
            e.allowFallbacks = config_.value("allow_fallbacks").toBool(true);
            return gatehouse::PreHookResult::reject(e);
        }
        if (config_.value("hook_error").toBool())
            return gatehouse::PreHookResult::failed("preHook of " + name() + " failed on purpose");
        return {};
    }

    gatehouse::HookResult postHook(gatehouse::PluginContext &ctx,
                                   std::optional<gatehouse::PluginResponse> &response,
                                   std::optional<gatehouse::PluginError> &error) override {
        trace(ctx, QStringLiteral("post:") + name());
        if (config_.value("throw_in").toString() == QLatin1String("postHook"))
            throw std::logic_error("postHook exploded");
        const QString flip = config_.value("flip").toString();
        if (flip == QLatin1String("error_to_success") && error) {
            error.reset();
            response = gatehouse::PluginResponse{completion("rescued by " + name()), {}};
        } else if (flip == QLatin1String("success_to_error") && response) {
            response.reset();
            gatehouse::PluginError e;
            e.status = 503;
            e.message = "refused by " + name();
            error = e;
        }
        if (response) {
            response->headers.removeIf([](const auto &h) { return h.first == "x-trace"; });
            response->headers.append(
                {"x-trace", ctx.value(QStringLiteral("trace")).toStringList().join(',').toUtf8()});
        }
        return {};
    }

    gatehouse::ChunkResult streamChunk(gatehouse::PluginContext &, QJsonObject &chunk) override {
        if (!config_.value("uppercase_stream").toBool()) return {};
        QJsonArray choices = chunk.value("choices").toArray();
        if (choices.isEmpty()) return {};
        QJsonObject choice = choices[0].toObject();
        QJsonObject delta = choice.value("delta").toObject();
        if (!delta.contains("content")) return {};
        delta.insert("content", delta.value("content").toString().toUpper());
        choice.insert("delta", delta);
        choices[0] = choice;
        chunk.insert("choices", choices);
        return {};
    }

private:
    QJsonObject config_;
};

#include "ChainPlugin.moc"
