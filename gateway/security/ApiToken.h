#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace gatehouse {

// The secret that unlocks /api and /ws when the gateway listens beyond
// loopback, and that adding plugin code over the API always needs. 32 random
// bytes from the system's generator, base64url, kept in a file only its
// owner can read so the user (and the panel) can copy it. Immutable after
// creation; safe to share between threads.
class ApiToken {
public:
    // ~/.config/gatehouse/api-token (XDG_CONFIG_HOME is honoured).
    static QString defaultPath();

    // The token stored at `path`; a missing or empty file gets a new token
    // (`*created` says so). A file others can read is made private again.
    // nullopt with a message when the file cannot be read or written, or
    // holds something too short to be a secret.
    static std::optional<ApiToken> loadOrCreate(const QString &path, QString *error,
                                                bool *created = nullptr);
    // A fresh token kept only in memory (when the file cannot be written).
    static ApiToken generate();

    const QByteArray &value() const { return value_; }
    // Where it is stored; empty for a token kept in memory.
    const QString &path() const { return path_; }

    // Constant time: how long a wrong guess takes says nothing about how
    // much of it was right.
    bool matches(const QByteArray &candidate) const;

    static constexpr int kMinimumLength = 16;

private:
    ApiToken(QByteArray value, QString path);
    QByteArray value_;
    QString path_;
    QByteArray digest_;  // SHA-256 of value_, what candidates are compared with
};

}  // namespace gatehouse
