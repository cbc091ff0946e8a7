#include "ConfigSections.h"

#include <QDir>
#include <QRegularExpression>

namespace gatehouse {
namespace ConfigSections {

namespace {
bool readPlugin(ConfigReader &reader, const ConfigReader::Field &f, const QString &baseDir,
                PluginEntry *out) {
    if (!f.value.isObject())
        return reader.fail(f.path, QStringLiteral("expected a plugin object like {\"name\": "
                                                  "\"my-plugin\", \"path\": \"my-plugin.so\"}, "
                                                  "got %1")
                                       .arg(ConfigReader::describe(f.value)));
    const QJsonObject plugin = f.value.toObject();
    auto field = [&](const char *key) {
        return ConfigReader::field(plugin, f.path, QString::fromLatin1(key));
    };
    const ConfigReader::Field name = field("name");
    const ConfigReader::Field path = field("path");
    if (!reader.readString(name, &out->name) || !reader.readString(path, &out->path) ||
        !reader.readBool(field("enabled"), &out->enabled) ||
        !reader.readInt(field("version"), 1, ConfigReader::kNoMax, &out->version) ||
        !reader.readObject(field("config"), &out->config) ||
        !reader.readString(field("sha256"), &out->sha256))
        return false;
    out->sha256 = out->sha256.trimmed().toLower();
    static const QRegularExpression sha256Hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!out->sha256.isEmpty() && !sha256Hex.match(out->sha256).hasMatch())
        return reader.fail(field("sha256").path,
                           QStringLiteral("expected the file's SHA-256 as 64 hex digits (what "
                                          "`sha256sum <file>` prints), got \"%1\"")
                               .arg(out->sha256.left(80)));
    if (out->name.trimmed().isEmpty())
        return reader.fail(name.path, QStringLiteral("missing: every plugin needs a name"));
    if (out->path.trimmed().isEmpty()) {
        // Named alone: a bundled plugin (<name>.so in the plugin host's
        // system directories) or one of Bifrost's built-ins. The host
        // resolves it, and says so if there is no such plugin.
        out->path.clear();
        if (out->name.contains(QLatin1Char('/')) || out->name.startsWith(QLatin1Char('.')))
            return reader.fail(path.path,
                               QStringLiteral("missing: \"%1\" is not the name of a bundled "
                                              "plugin; set the path of the plugin's shared "
                                              "library (.so)")
                                   .arg(out->name));
        return true;
    }
    out->path = QDir::cleanPath(QDir(baseDir).absoluteFilePath(out->path));
    return true;
}
}  // namespace

bool isBifrostBuiltIn(const QString &name) {
    // Plugins Bifrost compiles in: its configs list them by name alone.
    static const char *const kBuiltInNames[] = {"logging",    "telemetry",      "governance",
                                                "cache",      "semantic_cache", "mocker",
                                                "jsonparser", "otel",           "maxim"};
    for (const char *builtIn : kBuiltInNames)
        if (name == QLatin1String(builtIn)) return true;
    return false;
}

bool readPlugins(ConfigReader &reader, const QJsonObject &root, const QString &baseDir,
                 QList<PluginEntry> *out) {
    const ConfigReader::Field f = ConfigReader::field(root, {}, QStringLiteral("plugins"));
    QJsonArray plugins;
    if (!reader.readArray(f, &plugins)) return false;
    for (qsizetype i = 0; i < plugins.size(); ++i) {
        PluginEntry plugin;
        const ConfigReader::Field entry{plugins.at(i), f.path.index(int(i))};
        if (!readPlugin(reader, entry, baseDir, &plugin)) return false;
        // The store, the API and the panel all address plugins by name.
        for (qsizetype j = 0; j < out->size(); ++j)
            if (out->at(j).name == plugin.name)
                return reader.fail(entry.path.key(QStringLiteral("name")),
                                   QStringLiteral("plugin \"%1\" is listed twice (also "
                                                  "plugins[%2]); remove one")
                                       .arg(plugin.name)
                                       .arg(j));
        out->append(plugin);
    }
    return true;
}

}  // namespace ConfigSections
}  // namespace gatehouse
