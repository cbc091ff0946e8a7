#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gatehouse {

class PluginManager;
class SharedCounters;
struct GatewayState;

// The governance plugin's virtual keys as the panel and
// /api/governance/virtual-keys manage them: edits of its config (a new key
// is stored only as its SHA-256, "key_sha256", and shown once), and each
// key's usage read from the shared counters the plugin keeps (their names,
// "vk-<id>/...", are the plugin's: plugins/governance/KeyLimiter).
// A key's id is the first 16 hex digits of its SHA-256. Pure functions of
// the config, apart from list()'s counter reads.
namespace VirtualKeyBook {

struct Created {
    QString key;  // the new key: shown once, stored nowhere
    QString id;
    QJsonObject config;  // the governance config with the key added
};

// Adds a key described by `spec` (name, allowed_models,
// requests_per_minute, tokens_per_minute, budget: as in the plugin's
// config) to `config`. nullopt with *error for a spec that is no object
// or has no name, or a name already used; the rest is checked by the
// plugin when the config is applied.
std::optional<Created> create(const QJsonObject &config, const QJsonObject &spec, QString *error);
// `config` without the key `id`; nullopt with *error when there is none.
std::optional<QJsonObject> revoke(const QJsonObject &config, const QString &id, QString *error);
// Every key: id, name, how it is stored (a hash, or the key masked), its
// limits and budget, and its usage in the current windows (requests and
// tokens this minute, the budget's period) read from `counters` (the
// governance plugin's; may be null).
QJsonArray list(const QJsonObject &config, SharedCounters *counters, qint64 nowMs);

// A key's id: the first 16 hex digits of its SHA-256.
QString idOf(const QJsonObject &entry);

// The same on a running gateway, as /api/governance/virtual-keys and the
// panel use them: an HTTP status, the error, or the answer's body.
struct Outcome {
    int status = 200;
    QString code;  // the error's machine-readable reason
    QString error;
    QJsonObject body;
};
// The plugin's new config is committed to the store and applied by the
// reconciler (main thread: these run there), checked by the plugin.
Outcome createIn(GatewayState &state, const QJsonObject &spec);
Outcome revokeIn(GatewayState &state, const QString &id);
// {"virtual_keys": list(), "required"}; any thread (the counters are read
// through the running plugin's, or straight from the store).
Outcome listOf(GatewayState &state);

}  // namespace VirtualKeyBook

}  // namespace gatehouse
