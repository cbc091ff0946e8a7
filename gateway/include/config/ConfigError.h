#pragma once

#include <QString>

namespace gatehouse {

// Why a config could not be loaded, pointing at the exact spot to fix.
struct ConfigError {
    QString file;
    int line = 0;    // 1-based; 0 = unknown
    int column = 0;  // 1-based, in characters; 0 = unknown
    QString path;    // JSON path like providers.openai.keys[0].weight
    QString message;

    // "file:line:column: path: message", leaving out the parts not known.
    QString toString() const;
};

}  // namespace gatehouse
