#pragma once

#include <QObject>
#include <QString>
#include <functional>

class QNetworkAccessManager;

namespace gatehouse {

// One small chat completion sent through the gateway's own listening URL,
// as any client would send it: the dashboard's "Send test request" and the
// providers' "Test" buttons. Asynchronous; the GUI thread never waits.
struct ChatProbeResult {
    bool ok = false;
    int status = 0;  // HTTP status, 0 when there was no answer
    qint64 elapsedMs = 0;
    QString text;   // the answer's message, when ok
    QString error;  // the gateway's error message (or the network's), when not
};

class ChatProbe : public QObject {
    Q_OBJECT
public:
    explicit ChatProbe(QObject *parent = nullptr);

    // Sends `prompt` to `model` ("provider/model") at `baseUrl`, and calls
    // `done` on this object's thread with the outcome (not at all if this
    // object is gone by then). `maxTokens` > 0 caps the answer.
    void send(const QString &baseUrl, const QString &model, const QString &prompt, int maxTokens,
              std::function<void(const ChatProbeResult &)> done);

private:
    QNetworkAccessManager *network_;
};

}  // namespace gatehouse
