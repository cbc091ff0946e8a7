#pragma once

#include "config/ConfigError.h"
#include "config/GatewayConfig.h"

#include <QByteArray>
#include <QString>

namespace gatehouse {

// Reads config.json (Bifrost's shape) into a GatewayConfig. Unknown keys are
// kept in GatewayConfig::document and ignored; wrong values of known keys
// fail with a ConfigError that names the file, line, column and JSON path.
// `out` is written only on success, so a failed reload leaves the running
// config untouched. Stateless and thread-safe.
class ConfigLoader {
public:
    static bool loadFile(const QString &path, GatewayConfig *out, ConfigError *error);
    // `sourceName` names the text in errors; if it is a file path, relative
    // plugin paths are resolved against its directory (else the current one).
    static bool loadJson(const QByteArray &json, const QString &sourceName, GatewayConfig *out,
                         ConfigError *error);
    // The config compiled in as ":/gatehouse/default-config.json". Never
    // fails: a broken resource is a build bug and aborts with the reason.
    static GatewayConfig builtInDefault();

    static const char *const kDefaultResource;
};

}  // namespace gatehouse
