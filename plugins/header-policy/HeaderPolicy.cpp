#include "HeaderPolicy.h"

#include <QHash>
#include <QJsonArray>
#include <cstring>

namespace gatehouse::headerpolicy {

namespace {

bool fail(QString *error, const QString &field, const QString &message) {
    *error = field + QStringLiteral(": ") + message;
    return false;
}

// RFC 9110 token characters: anything else cannot be sent as a header name.
bool isHeaderName(const QString &name) {
    if (name.isEmpty()) return false;
    for (QChar c : name) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                        (u >= '0' && u <= '9') ||
                        (u > 0 && u < 128 && std::strchr("!#$%&'*+-.^_`|~", char(u)));
        if (!ok) return false;
    }
    return true;
}

// Latin-1 without control characters but tab: a CR or LF would let config
// text inject extra header lines.
bool isHeaderValue(const QString &value) {
    for (QChar c : value) {
        const ushort u = c.unicode();
        if ((u < 0x20 && u != '\t') || u == 0x7F || u > 0xFF) return false;
    }
    return true;
}

bool checkName(const QString &name, const QString &field, QString *error) {
    if (isHeaderName(name)) return true;
    return fail(error, field,
                QStringLiteral("\"%1\" is not a valid header name (letters, digits and "
                               "!#$%&'*+-.^_`|~ only)")
                    .arg(name));
}

bool objectOf(const QJsonObject &json, const char *key, QJsonObject *out, QString *error) {
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    if (!v.isObject()) return fail(error, QLatin1String(key), QStringLiteral("must be an object"));
    *out = v.toObject();
    return true;
}

bool stringsOf(const QJsonObject &json, const char *key, QStringList *out, QString *error) {
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    if (!v.isArray())
        return fail(error, QLatin1String(key), QStringLiteral("must be an array of strings"));
    const QJsonArray list = v.toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isString() || list.at(i).toString().isEmpty())
            return fail(error, QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(i),
                        QStringLiteral("must be a non-empty string"));
        *out << list.at(i).toString();
    }
    return true;
}

// Records which setting first named `name`; a second one is a contradiction.
bool claim(QHash<QString, QString> *owners, const QString &name, const QString &setting,
           const QString &field, QString *error) {
    const auto it = owners->constFind(name);
    if (it == owners->constEnd()) {
        owners->insert(name, setting);
        return true;
    }
    return fail(error, field,
                QStringLiteral("\"%1\" is also in %2; name it in only one of them").arg(name, *it));
}

bool parseHeaders(const QJsonObject &json, HeaderPolicy *p, QString *error) {
    QJsonObject add, rename;
    QStringList remove;
    if (!objectOf(json, "add_headers", &add, error) ||
        !objectOf(json, "rename_headers", &rename, error) ||
        !stringsOf(json, "remove_headers", &remove, error))
        return false;
    QHash<QString, QString> owners;
    for (auto it = add.begin(); it != add.end(); ++it) {
        const QString field = QStringLiteral("add_headers.") + it.key();
        if (!checkName(it.key(), field, error) ||
            !claim(&owners, it.key().toLower(), QStringLiteral("add_headers"), field, error))
            return false;
        if (!it.value().isString() || !isHeaderValue(it.value().toString()))
            return fail(error, field,
                        QStringLiteral("must be a string of Latin-1 text without line breaks or "
                                       "other control characters"));
        p->addHeaders << qMakePair(it.key().toLatin1(), it.value().toString().toLatin1());
    }
    for (int i = 0; i < remove.size(); ++i) {
        const QString field = QStringLiteral("remove_headers[%1]").arg(i);
        if (!checkName(remove.at(i), field, error) ||
            !claim(&owners, remove.at(i).toLower(), QStringLiteral("remove_headers"), field, error))
            return false;
        p->removeHeaders << remove.at(i).toLower().toLatin1();
    }
    for (auto it = rename.begin(); it != rename.end(); ++it) {
        const QString field = QStringLiteral("rename_headers.") + it.key();
        if (!checkName(it.key(), field, error) ||
            !claim(&owners, it.key().toLower(), QStringLiteral("rename_headers"), field, error))
            return false;
        if (!it.value().isString())
            return fail(error, field, QStringLiteral("must be the new header name, a string"));
        if (!checkName(it.value().toString(), field, error)) return false;
        p->renameHeaders << qMakePair(it.key().toLower().toLatin1(),
                                      it.value().toString().toLatin1());
    }
    return true;
}

bool parseBody(const QJsonObject &json, HeaderPolicy *p, QString *error) {
    if (!objectOf(json, "set_body_fields", &p->setBodyFields, error) ||
        !objectOf(json, "default_body_fields", &p->defaultBodyFields, error) ||
        !stringsOf(json, "remove_body_fields", &p->removeBodyFields, error))
        return false;
    QHash<QString, QString> owners;
    const auto claimAll = [&](const QStringList &keys, const QString &setting) {
        for (const QString &key : keys)
            if (!claim(&owners, key, setting, setting + QLatin1Char('.') + key, error))
                return false;
        return true;
    };
    return claimAll(p->setBodyFields.keys(), QStringLiteral("set_body_fields")) &&
           claimAll(p->defaultBodyFields.keys(), QStringLiteral("default_body_fields")) &&
           claimAll(p->removeBodyFields, QStringLiteral("remove_body_fields"));
}

}  // namespace

bool parseHeaderPolicy(const QJsonObject &json, HeaderPolicy *policy, QString *error) {
    static const QStringList known{"add_headers",     "remove_headers",     "rename_headers",
                                   "set_body_fields", "remove_body_fields", "default_body_fields"};
    for (const QString &key : json.keys())
        if (!known.contains(key))
            return fail(error, key,
                        QStringLiteral("unknown setting; expected one of: ") +
                            known.join(QStringLiteral(", ")));
    HeaderPolicy p;
    if (!parseHeaders(json, &p, error) || !parseBody(json, &p, error)) return false;
    *policy = std::move(p);
    return true;
}

}  // namespace gatehouse::headerpolicy
