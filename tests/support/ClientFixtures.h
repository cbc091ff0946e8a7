#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse::test {

// One request a real client sent (Claude Code, Codex, Gemini CLI, the
// SDKs), as tests/clients/record stored it under
// tests/support/fixtures/clients.
struct RecordedRequest {
    QString file;  // the fixture's file name
    QString path;  // the gateway path it was sent to
    QJsonObject body;
};

// Every recorded request that has a JSON object body.
QList<RecordedRequest> recordedRequests();
// The bodies of those sent to `path` ("/v1/messages", "/v1/responses").
QList<QJsonObject> recordedBodies(const QString &path);

}  // namespace gatehouse::test
