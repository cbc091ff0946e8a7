#pragma once

#include "codecs/ClientCodec.h"
#include "config/ModelAliases.h"
#include "http/GatewayError.h"
#include "providers/Provider.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

struct GatewayConfig;

// A provider and the model asked of it: one step of a request's fallbacks.
struct Target {
    QString provider;
    QString model;
};

// What resolving a request's models gave: the targets in the order to try
// them, and the aliases that were applied (for the request's trace).
struct ResolvedTargets {
    struct AppliedAlias {
        QString asked;  // the name the client sent
        ModelAliasHit alias;
    };
    QList<Target> targets;
    QList<AppliedAlias> aliases;
};

// Turns the model and fallbacks a client asked for ("provider/model", a bare
// model name for the client format's own provider, or a name that
// client.model_aliases maps) into targets, each checked against the config:
// the provider exists, Gatehouse speaks its API, and it serves the model.
// Pure: reads only its arguments. On failure `error` says which name and
// why (naming the alias that led there); `out->aliases` keeps the aliases
// applied before it.
bool resolveTargets(const GatewayConfig &config, const QStringList &specs, WireFormat format,
                    Operation operation, bool stream, ResolvedTargets *out, GatewayError *error);

// One target's check (also for a target a plugin's preHook routed to);
// `spec` is the name the error quotes.
bool checkTarget(const GatewayConfig &config, const Target &target, const QString &spec,
                 GatewayError *error);

}  // namespace gatehouse
