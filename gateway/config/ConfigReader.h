#pragma once

#include "config/ConfigError.h"
#include "config/JsonPath.h"
#include "config/JsonSourceMap.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <limits>

namespace gatehouse {

// Typed reads of the known keys of a parsed config. A wrong value is
// reported once, with its JSON path, the line and column of its key, and the
// type or range that was expected, so the message says exactly what to fix.
// Absent keys leave the output at its default. Unknown keys are never looked
// at: they stay in GatewayConfig::document.
class ConfigReader {
public:
    struct Field {
        QJsonValue value;
        JsonPath path;
        // null counts as absent: Go writes nil slices and maps as null, so
        // configs exported by Bifrost carry "models": null and the like.
        bool isSet() const { return !value.isUndefined() && !value.isNull(); }
    };
    // For counts and sizes where 0 is meaningless, Bifrost reads 0 as "use
    // the default"; configs it exported are full of such zeros.
    enum class Zero { IsValue, MeansDefault };
    static constexpr int kNoMax = std::numeric_limits<int>::max();

    ConfigReader(const QString &file, const JsonSourceMap &map) : file_(file), map_(map) {}

    static Field field(const QJsonObject &object, const JsonPath &objectPath, const QString &key);

    bool readBool(const Field &f, bool *out);
    bool readString(const Field &f, QString *out);
    bool readStringList(const Field &f, QStringList *out);
    bool readObject(const Field &f, QJsonObject *out);
    bool readArray(const Field &f, QJsonArray *out);
    bool readNumber(const Field &f, double min, double max, double *out);
    bool readInt(const Field &f, int min, int max, int *out, Zero zero = Zero::IsValue);
    // Seconds in the file (fractions allowed), milliseconds in the struct;
    // 0 keeps the default.
    bool readSecondsAsMs(const Field &f, int *outMs);

    // QJsonObject sorts its keys; users expect their own order back.
    QStringList keysInFileOrder(const QJsonObject &object, const JsonPath &path) const;
    const JsonSourceMap &sourceMap() const { return map_; }
    const QString &file() const { return file_; }

    // Records the error (the first one only) and returns false.
    bool fail(const JsonPath &path, const QString &message);
    const ConfigError &error() const { return error_; }

    // "a string ("1.0")", "the number -3", "an array": for "got ..." messages.
    static QString describe(const QJsonValue &value);
    static QString number(double value);

private:
    bool failType(const Field &f, const char *expected);

    QString file_;
    const JsonSourceMap &map_;
    ConfigError error_;
    bool failed_ = false;
};

}  // namespace gatehouse
