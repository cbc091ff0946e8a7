#include "ModelPrices.h"

#include "PricingJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>

namespace gatehouse {

namespace {
constexpr double kDay = 86400;

// "HH:MM:SS[.fff](Z|+HH:MM|-HH:MM)" as seconds after UTC midnight.
std::optional<double> utcSecondOfDay(const QString &text) {
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|([+-])(\\d{2}):(\\d{2}))$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch()) return std::nullopt;
    const int hours = m.captured(1).toInt();
    const int minutes = m.captured(2).toInt();
    const int seconds = m.captured(3).toInt();
    const int offsetHours = m.captured(7).toInt();
    const int offsetMinutes = m.captured(8).toInt();
    if (hours > 23 || minutes > 59 || seconds > 59 || offsetHours > 23 || offsetMinutes > 59)
        return std::nullopt;
    const double fraction =
        m.captured(4).isEmpty() ? 0 : (QLatin1String("0.") + m.captured(4)).toDouble();
    const double local = hours * 3600 + minutes * 60 + seconds + fraction;
    double offset = (offsetHours * 60 + offsetMinutes) * 60;
    if (m.captured(6) == QLatin1String("-")) offset = -offset;
    return std::fmod(local - offset + kDay, kDay);
}

bool readCondition(const QJsonValue &value, const JsonPath &path, PriceCondition *out,
                   QString *error) {
    if (!value.isObject())
        return PricingJson::fail(
            error, path,
            QStringLiteral("expected a constraint object, got ") + PricingJson::describe(value));
    const QJsonObject object = value.toObject();
    const QString type = object.value(QLatin1String("type")).toString();
    if (type == QLatin1String("start_date")) {
        const QString date = object.value(QLatin1String("start_date")).toString();
        static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        const QDate parsed = QDate::fromString(date, Qt::ISODate);
        if (!shape.match(date).hasMatch() || !parsed.isValid())
            return PricingJson::fail(
                error, path.key(QStringLiteral("start_date")),
                QStringLiteral("expected a date (YYYY-MM-DD), got ") +
                    PricingJson::describe(object.value(QLatin1String("start_date"))));
        out->kind = PriceCondition::Kind::FromDate;
        out->from = QDateTime(parsed, QTime(0, 0), Qt::UTC);
        return true;
    }
    if (type == QLatin1String("time_of_date")) {
        for (const char *key : {"start_time", "end_time"}) {
            const QJsonValue time = object.value(QLatin1String(key));
            const auto second = utcSecondOfDay(time.toString());
            if (!second)
                return PricingJson::fail(
                    error, path.key(QLatin1String(key)),
                    QStringLiteral("expected a time of day (HH:MM:SSZ or HH:MM:SS+HH:MM), got ") +
                        PricingJson::describe(time));
            (qstrcmp(key, "start_time") == 0 ? out->startSecond : out->endSecond) = *second;
        }
        out->kind = PriceCondition::Kind::TimeOfDay;
        return true;
    }
    return PricingJson::fail(error, path.key(QStringLiteral("type")),
                             QStringLiteral("expected \"start_date\" or \"time_of_date\", got ") +
                                 PricingJson::describe(object.value(QLatin1String("type"))));
}
}  // namespace

bool PriceCondition::holdsAt(const QDateTime &when) const {
    switch (kind) {
        case Kind::Always:
            return true;
        case Kind::FromDate:
            return when >= from;
        case Kind::TimeOfDay: {
            const QTime t = when.toUTC().time();
            const double now = t.msecsSinceStartOfDay() / 1000.0;
            if (endSecond < startSecond) return now >= startSecond || now < endSecond;
            return now >= startSecond && now < endSecond;
        }
    }
    return false;
}

std::optional<ModelPrices> ModelPrices::fromJson(const QJsonValue &value, const JsonPath &path,
                                                 QString *error) {
    if (value.isObject()) {
        auto set = PriceSet::fromJson(value.toObject(), path, error);
        if (!set) return std::nullopt;
        return ModelPrices(std::move(*set));
    }
    if (!value.isArray() || value.toArray().isEmpty()) {
        PricingJson::fail(error, path,
                          QStringLiteral("expected prices (an object) or a non-empty array of "
                                         "{\"constraint\", \"prices\"}, got ") +
                              PricingJson::describe(value));
        return std::nullopt;
    }
    ModelPrices prices;
    const QJsonArray items = value.toArray();
    for (int i = 0; i < items.size(); ++i) {
        const JsonPath at = path.index(i);
        if (!items.at(i).isObject()) {
            PricingJson::fail(error, at,
                              QStringLiteral("expected {\"constraint\", \"prices\"}, got ") +
                                  PricingJson::describe(items.at(i)));
            return std::nullopt;
        }
        const QJsonObject item = items.at(i).toObject();
        Entry entry;
        const QJsonValue constraint = item.value(QLatin1String("constraint"));
        if (!constraint.isUndefined() && !constraint.isNull() &&
            !readCondition(constraint, at.key(QStringLiteral("constraint")), &entry.condition,
                           error))
            return std::nullopt;
        const QJsonValue set = item.value(QLatin1String("prices"));
        if (!set.isObject()) {
            PricingJson::fail(
                error, at.key(QStringLiteral("prices")),
                QStringLiteral("expected an object of prices, got ") + PricingJson::describe(set));
            return std::nullopt;
        }
        auto read = PriceSet::fromJson(set.toObject(), at.key(QStringLiteral("prices")), error);
        if (!read) return std::nullopt;
        entry.prices = std::move(*read);
        prices.entries_.append(std::move(entry));
    }
    return prices;
}

const PriceSet &ModelPrices::at(const QDateTime &when) const {
    static const PriceSet none;
    if (entries_.isEmpty()) return none;
    for (auto it = entries_.crbegin(); it != entries_.crend(); ++it)
        if (it->condition.holdsAt(when)) return it->prices;
    return entries_.first().prices;
}

}  // namespace gatehouse
