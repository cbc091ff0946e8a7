#include "ClientFixtures.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace gatehouse::test {

QList<RecordedRequest> recordedRequests() {
    QList<RecordedRequest> out;
    QDirIterator it(QStringLiteral(GATEHOUSE_CLIENT_FIXTURES), {QStringLiteral("*.json")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly)) continue;
        const QJsonObject recorded = QJsonDocument::fromJson(file.readAll()).object();
        if (!recorded.value(QLatin1String("body")).isObject()) continue;
        out.append({QFileInfo(file.fileName()).fileName(),
                    recorded.value(QLatin1String("path")).toString(),
                    recorded.value(QLatin1String("body")).toObject()});
    }
    return out;
}

QList<QJsonObject> recordedBodies(const QString &path) {
    QList<QJsonObject> out;
    for (const RecordedRequest &r : recordedRequests())
        if (r.path == path) out.append(r.body);
    return out;
}

}  // namespace gatehouse::test
