#include "ConfigLoader.h"
#include "ConfigReader.h"
#include "ConfigSections.h"
#include "JsonSourceMap.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace gatehouse {

const char *const ConfigLoader::kDefaultResource = ":/gatehouse/default-config.json";

namespace {
bool report(ConfigError *error, ConfigError value) {
    if (error) *error = std::move(value);
    return false;
}

// Hints for the mistakes people make most when editing JSON by hand.
QString syntaxHint(const QByteArray &json, qsizetype at, QJsonParseError::ParseError code) {
    if (at >= json.size())
        return QStringLiteral(" (the text ends too early: a missing '}' or ']'?)");
    const char c = json.at(at);
    if (c == '/' || c == '#') return QStringLiteral(" (JSON does not allow comments)");
    if (c == '\'') return QStringLiteral(" (JSON strings need double quotes)");
    if (code == QJsonParseError::MissingNameSeparator)
        return QStringLiteral(" (a missing ':' after the key?)");
    if (code == QJsonParseError::GarbageAtEnd)
        return QStringLiteral(" (text after the closing '}': one bracket too many?)");
    if (code == QJsonParseError::MissingObject ||
        (code == QJsonParseError::IllegalValue && (c == '}' || c == ']')))
        return QStringLiteral(" (a trailing comma before '%1'?)").arg(QLatin1Char(c));
    if (code == QJsonParseError::UnterminatedObject || code == QJsonParseError::UnterminatedArray ||
        code == QJsonParseError::MissingValueSeparator)
        return QStringLiteral(" (a missing ',' between items?)");
    return {};
}

ConfigError syntaxError(const QByteArray &json, const QString &file, const QJsonParseError &e) {
    // Qt reports most errors just past the offending character.
    qsizetype at = e.offset;
    switch (e.error) {
        case QJsonParseError::UnterminatedObject:
        case QJsonParseError::UnterminatedArray:
        case QJsonParseError::MissingNameSeparator:
        case QJsonParseError::MissingValueSeparator:
        case QJsonParseError::MissingObject:
        case QJsonParseError::IllegalValue:
            at = qMax<qsizetype>(0, at - 1);
            break;
        default:
            break;
    }
    // Point at the token, not at the whitespace before it.
    while (at < json.size() && QByteArrayView(" \t\r\n").contains(json.at(at))) ++at;
    const JsonSourceMap::Location where = JsonSourceMap::lineColumn(json, at);
    return ConfigError{file, where.line, where.column, QString(),
                       QStringLiteral("JSON syntax error: %1%2")
                           .arg(e.errorString(), syntaxHint(json, at, e.error))};
}

bool load(const QByteArray &json, const QString &displayName, const QString &sourcePath,
          GatewayConfig *out, ConfigError *error) {
    if (json.trimmed().isEmpty() || json.trimmed() == "\xEF\xBB\xBF")
        return report(error, {displayName, 0, 0, QString(),
                              QStringLiteral("the file is empty; expected a JSON object such "
                                             "as {\"providers\": {}}")});
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return report(error, syntaxError(json, displayName, parseError));

    const JsonSourceMap map(json);
    ConfigReader reader(displayName, map);
    if (!document.isObject()) {
        reader.fail({}, QStringLiteral("the top level must be a JSON object ({...}), got %1")
                            .arg(document.isArray() ? QStringLiteral("an array")
                                                    : QStringLiteral("a single value")));
        return report(error, reader.error());
    }
    GatewayConfig config;
    config.document = document.object();
    config.sourcePath = sourcePath;
    const QString baseDir =
        sourcePath.isEmpty() ? QDir::currentPath() : QFileInfo(sourcePath).absolutePath();
    if (!ConfigSections::readClient(reader, config.document, &config.client) ||
        !ConfigSections::readProviders(reader, config.document, &config.providers) ||
        !ConfigSections::readPlugins(reader, config.document, baseDir, &config.plugins) ||
        !reader.readString(ConfigReader::field(config.document, {}, QStringLiteral("store")),
                           &config.store))
        return report(error, reader.error());
    *out = std::move(config);
    return true;
}
}  // namespace

bool ConfigLoader::loadFile(const QString &path, GatewayConfig *out, ConfigError *error) {
    const QFileInfo info(path);
    auto fileError = [&](const QString &message) {
        return report(error, {path, 0, 0, QString(), message});
    };
    if (!info.exists())
        return fileError(
            QStringLiteral("no such file (looked for %1)").arg(info.absoluteFilePath()));
    if (info.isDir())
        return fileError(QStringLiteral("is a directory; expected a JSON config file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(QStringLiteral("cannot read the file: %1").arg(file.errorString()));
    return load(file.readAll(), path, info.absoluteFilePath(), out, error);
}

bool ConfigLoader::loadJson(const QByteArray &json, const QString &sourceName, GatewayConfig *out,
                            ConfigError *error) {
    // A resource path is no directory to resolve plugins against.
    const bool isFile = !sourceName.isEmpty() && !sourceName.startsWith(QLatin1Char(':'));
    return load(json, sourceName, isFile ? QFileInfo(sourceName).absoluteFilePath() : QString(),
                out, error);
}

GatewayConfig ConfigLoader::builtInDefault() {
    QFile file(QString::fromLatin1(kDefaultResource));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("built-in config %s is missing from the binary: %s", kDefaultResource,
               qPrintable(file.errorString()));
    GatewayConfig config;
    ConfigError error;
    if (!loadJson(file.readAll(), QString::fromLatin1(kDefaultResource), &config, &error))
        qFatal("built-in config is broken: %s", qPrintable(error.toString()));
    return config;
}

}  // namespace gatehouse
