#pragma once

#include <gtest/gtest.h>
#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <ostream>

// Readable GoogleTest failure output for Qt strings and JSON (otherwise gtest
// prints them as byte dumps).
inline void PrintTo(const QString &s, std::ostream *os) {
    *os << '"' << s.toStdString() << '"';
}
inline void PrintTo(const QByteArray &b, std::ostream *os) {
    *os << '"' << b.toStdString() << '"';
}
inline void PrintTo(const QJsonObject &o, std::ostream *os) {
    *os << QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}
inline void PrintTo(const QJsonArray &a, std::ostream *os) {
    *os << QJsonDocument(a).toJson(QJsonDocument::Compact).toStdString();
}
inline void PrintTo(const QJsonValue &v, std::ostream *os) {
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    *os << wrapped.mid(1, wrapped.size() - 2).toStdString();
}

namespace gatehouse::test {

// Parses a JSON object literal; a typo in a test fails that test loudly.
inline QJsonObject json(const char *text) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError)
        << error.errorString().toStdString() << " at " << error.offset << " in " << text;
    EXPECT_TRUE(doc.isObject()) << text;
    return doc.object();
}

inline QJsonObject json(const QByteArray &text) {
    return json(text.constData());
}

// Parses any JSON value literal: "\"auto\"", "[1,2]", "null".
inline QJsonValue jsonValue(const char *text) {
    return json(QByteArray("{\"v\":") + text + "}").value(QLatin1String("v"));
}

inline QJsonArray jsonArray(const char *text) {
    return jsonValue(text).toArray();
}

}  // namespace gatehouse::test
