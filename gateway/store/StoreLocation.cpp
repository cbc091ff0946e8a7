#include "store/StoreLocation.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace gatehouse {

namespace {

bool parsePostgres(const QString &text, StoreLocation *out, QString *error) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        // Only the part after '@': the part before may hold a password.
        *error = QStringLiteral(
                     "store URL '...%1' is not valid; expected "
                     "postgres://user:password@host:5432/database")
                     .arg(text.section(QLatin1Char('@'), -1));
        return false;
    }
    StoreLocation loc;
    loc.kind = StoreLocation::Kind::PostgreSQL;
    loc.host = url.host();
    loc.port = url.port(5432);
    loc.database = url.path().mid(1);
    loc.user = url.userName();
    loc.password = url.password();
    if (loc.database.isEmpty() || loc.database.contains(QLatin1Char('/'))) {
        *error = QStringLiteral(
                     "store URL for %1 names no database; add it after the host, e.g. "
                     "postgres://user@%1/gatehouse")
                     .arg(loc.host);
        return false;
    }
    // The query items are libpq connection parameters (sslmode, connect_timeout, ...).
    QStringList options;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        if (item.first.contains(QLatin1Char(';')) || item.second.contains(QLatin1Char(';'))) {
            *error = QStringLiteral("store URL option '%1' may not contain ';'").arg(item.first);
            return false;
        }
        options << item.first + QLatin1Char('=') + item.second;
    }
    // A server that is down must not hang start-up for libpq's default (forever).
    const bool hasTimeout = std::any_of(items.cbegin(), items.cend(), [](const auto &i) {
        return i.first == QLatin1String("connect_timeout");
    });
    if (!hasTimeout) options << QStringLiteral("connect_timeout=5");
    loc.connectOptions = options.join(QLatin1Char(';'));
    *out = loc;
    return true;
}

}  // namespace

StoreLocation StoreLocation::defaultSqlite() {
    StoreLocation loc;
    loc.sqlitePath = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                         .filePath(QStringLiteral("gatehouse.db"));
    return loc;
}

bool StoreLocation::fromString(const QString &text, StoreLocation *out, QString *error) {
    const QString t = text.trimmed();
    if (t.isEmpty()) {
        *out = defaultSqlite();
        return true;
    }
    if (t.startsWith(QLatin1String("postgres://")) || t.startsWith(QLatin1String("postgresql://")))
        return parsePostgres(t, out, error);
    QString path = t;
    if (t.startsWith(QLatin1String("sqlite://"))) path = QUrl(t).path();
    const bool otherScheme =
        t.contains(QLatin1String("://")) && !t.startsWith(QLatin1String("sqlite://"));
    if (path.isEmpty() || otherScheme) {
        *error = QStringLiteral(
                     "store '%1' is neither a file path, sqlite:///path nor "
                     "postgres://user:password@host/database")
                     .arg(t.section(QLatin1Char('@'), -1));
        return false;
    }
    StoreLocation loc;
    loc.sqlitePath = QFileInfo(path).absoluteFilePath();
    *out = loc;
    return true;
}

QString StoreLocation::display() const {
    if (kind == Kind::SQLite) return sqlitePath;
    QString s = QStringLiteral("postgres://");
    if (!user.isEmpty())
        s += user + (password.isEmpty() ? QString() : QStringLiteral(":***")) + '@';
    return s + host + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + database;
}

}  // namespace gatehouse
