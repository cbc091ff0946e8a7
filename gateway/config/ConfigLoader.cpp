#include "config/ConfigLoader.h"
#include "ConfigReader.h"
#include "ConfigSections.h"
#include "config/JsonSourceMap.h"
#include "pricing/PriceCatalog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

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

// "pricing[0].input_mtok" back into a path, so the error points at the line.
JsonPath pathFromText(const QString &text) {
    JsonPath path;
    static const QRegularExpression part(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    for (auto it = part.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        path =
            m.captured(1).isEmpty() ? path.index(m.captured(2).toInt()) : path.key(m.captured(1));
    }
    return path;
}

// "pricing": an array of price overrides, refused whole (with the path of
// what is wrong) rather than half applied.
bool readPricing(ConfigReader &reader, const QJsonObject &document, QJsonArray *out) {
    const QJsonValue value = document.value(QLatin1String("pricing"));
    if (value.isUndefined() || value.isNull()) return true;
    const JsonPath path = JsonPath().key(QStringLiteral("pricing"));
    if (!value.isArray()) {
        reader.fail(path, QStringLiteral("expected an array of model prices such as "
                                         "[{\"provider\": \"openai\", \"model\": \"gpt-4o\", "
                                         "\"input_mtok\": 2.5, \"output_mtok\": 10}]"));
        return false;
    }
    QString why;
    if (!PriceCatalog::builtIn().withOverrides(value.toArray(), &why, path)) {
        // The catalogue says "pricing[0].input_mtok: what is wrong".
        const qsizetype colon = why.indexOf(QLatin1String(": "));
        if (colon > 0 && why.startsWith(QLatin1String("pricing")))
            reader.fail(pathFromText(why.left(colon)), why.mid(colon + 2));
        else
            reader.fail(path, why);
        return false;
    }
    *out = value.toArray();
    return true;
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
                           &config.store) ||
        !readPricing(reader, config.document, &config.pricing) ||
        !ConfigSections::readMcp(reader, config.document, &config.mcp))
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
