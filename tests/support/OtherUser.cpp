#include "OtherUser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>

#include <pwd.h>
#include <unistd.h>

namespace gatehouse {

namespace {

// argv: target ("127.0.0.1:PORT" or a socket path), local port, requests as
// JSON. Prints the answers as JSON, or {"error": ...}.
const char *const kClient = R"PY(
import json, socket, struct, sys
target, local_port, requests = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
try:
    if target.startswith("/"):
        s = socket.socket(socket.AF_UNIX)
        s.connect(target)
    else:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if local_port:
            s.bind(("127.0.0.1", local_port))
        host, port = target.rsplit(":", 1)
        s.connect((host, int(port)))
except OSError as e:
    print(json.dumps({"error": str(e)}))
    sys.exit(0)
f = s.makefile("rb")
answers = []
for method, path, headers, body in requests:
    body = body.encode()
    head = "%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n" % (method, path, len(body))
    head += "".join("%s: %s\r\n" % (k, v) for k, v in headers) + "\r\n"
    s.sendall(head.encode() + body)
    status = int(f.readline().split()[1])
    length = 0
    while True:
        line = f.readline().strip()
        if not line:
            break
        name, value = line.split(b":", 1)
        if name.lower() == b"content-length":
            length = int(value)
    answers.append({"status": status, "body": f.read(length).decode()})
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
print(json.dumps({"answers": answers}))
)PY";

// The system's python3 first: one under the owner's home (pyenv) is not
// for the other user to run.
QString python() {
    const QString system = QStandardPaths::findExecutable(
        QStringLiteral("python3"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
    return system.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("python3")) : system;
}

}  // namespace

QList<RawAnswer> RawClient::overTcp(quint16 port, const QList<RawRequest> &requests,
                                    quint16 localPort) const {
    return run(QStringLiteral("127.0.0.1:%1").arg(port), localPort, requests);
}

QList<RawAnswer> RawClient::overUnixSocket(const QString &path,
                                           const QList<RawRequest> &requests) const {
    return run(path, 0, requests);
}

QList<RawAnswer> RawClient::run(const QString &target, quint16 localPort,
                                const QList<RawRequest> &requests) const {
    QJsonArray list;
    for (const RawRequest &r : requests) {
        QJsonArray headers;
        for (const auto &h : r.headers)
            headers.append(QJsonArray{QString::fromUtf8(h.first), QString::fromUtf8(h.second)});
        list.append(QJsonArray{QString::fromLatin1(r.method), QString::fromUtf8(r.path), headers,
                               QString::fromUtf8(r.body)});
    }
    QStringList args{python(),
                     QStringLiteral("-c"),
                     QString::fromUtf8(kClient),
                     target,
                     QString::number(localPort),
                     QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))};
    if (uid_)
        args = QStringList{QStringLiteral("--reuid=%1").arg(*uid_),
                           QStringLiteral("--regid=%1").arg(gid_.value_or(*uid_)),
                           QStringLiteral("--clear-groups")} +
               args;
    QProcess process;
    process.setWorkingDirectory(QStringLiteral("/"));  // readable by the other user too
    process.start(uid_ ? QStringLiteral("setpriv") : args.takeFirst(), args);
    process.waitForFinished(30000);
    const QByteArray out = process.readAllStandardOutput();
    const QJsonObject result = QJsonDocument::fromJson(out).object();
    QList<RawAnswer> answers;
    if (result.isEmpty() || result.contains(QLatin1String("error"))) {
        RawAnswer failed;
        failed.error = result.isEmpty() ? QString::fromUtf8(out + process.readAllStandardError())
                                        : result.value(QLatin1String("error")).toString();
        answers.append(failed);
        return answers;
    }
    for (const QJsonValue &a : result.value(QLatin1String("answers")).toArray()) {
        RawAnswer answer;
        answer.status = a.toObject().value(QLatin1String("status")).toInt();
        answer.body = a.toObject().value(QLatin1String("body")).toString().toUtf8();
        answers.append(answer);
    }
    return answers;
}

std::optional<OtherUser> OtherUser::get(QString *whyNot) {
    if (::geteuid() != 0) {
        *whyNot = QStringLiteral(
            "needs root, to create a second user and connect as it (CI runs "
            "as root)");
        return std::nullopt;
    }
    if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty() || python().isEmpty()) {
        *whyNot = QStringLiteral("setpriv or python3 is not installed");
        return std::nullopt;
    }
    if (!::getpwnam(kName)) {
        QProcess::execute(QStringLiteral("useradd"),
                          {QStringLiteral("--system"), QStringLiteral("--no-create-home"),
                           QStringLiteral("--shell"), QStringLiteral("/usr/sbin/nologin"),
                           QString::fromLatin1(kName)});
    }
    const passwd *entry = ::getpwnam(kName);
    if (!entry) {
        *whyNot = QStringLiteral("useradd %1 failed").arg(QLatin1String(kName));
        return std::nullopt;
    }
    OtherUser user;
    user.uid = entry->pw_uid;
    user.gid = entry->pw_gid;
    return user;
}

}  // namespace gatehouse
