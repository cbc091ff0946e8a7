// config.json loading (config/ConfigLoader, ConfigReader, JsonSourceMap): any
// text is either a config or one error naming line, column and JSON path.
#include "config/ConfigLoader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    GatewayConfig config;
    ConfigError error;
    // A source name that is not a file: relative plugin paths resolve against
    // the current directory and nothing is read from disk.
    if (!ConfigLoader::loadJson(json, QStringLiteral("<fuzz>"), &config, &error)) {
        if (error.message.isEmpty()) abort();  // a refusal must say why
    }
    return 0;
}
