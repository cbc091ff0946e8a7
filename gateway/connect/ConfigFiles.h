#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Reading and writing the agents' own configuration files.
namespace gatehouse::ConfigFiles {

// The file's bytes; empty when it does not exist. False (and `error`) when
// it exists but cannot be read.
bool read(const QString &path, QByteArray *bytes, QString *error);

// A JSON object file; a missing or empty file is an empty object. Refuses
// anything else, so a file the agent could not read either is never
// overwritten.
bool readJsonObject(const QString &path, QJsonObject *object, QString *error);
QByteArray jsonBytes(const QJsonObject &object);

// Replaces the file at once (QSaveFile: a crash leaves the old or the new
// file, never half of one), keeping its permission bits; a new file gets the
// folders it needs and 0600, as these files may hold keys.
bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error);

}  // namespace gatehouse::ConfigFiles
