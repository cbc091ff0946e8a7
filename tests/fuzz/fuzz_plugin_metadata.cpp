// Plugin metadata validation (plugins/PluginMetadata): the JSON Qt reads from
// a plugin library's ELF note, checked before any plugin code runs. The input
// is the whole Qt metadata object ({"IID", "className", "version",
// "MetaData": plugin.json}); a corpus of real plugin.json files is wrapped in it.
#include "plugins/PluginMetadata.h"

#include <QJsonDocument>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject()) return 0;
    QString error;
    const std::optional<PluginMetadata> meta =
        PluginMetadata::fromQtMetaData(doc.object(), QStringLiteral("fuzz.so"), &error);
    if (!meta && error.isEmpty()) abort();  // a refusal must say why
    if (meta && meta->name.isEmpty()) abort();
    return 0;
}
