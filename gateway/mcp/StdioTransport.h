#pragma once

#include "JsonRpc.h"
#include "McpTransport.h"
#include "config/McpConfig.h"

#include <QPointer>
#include <QProcess>

namespace gatehouse {

// An MCP server run as a child process: newline-delimited JSON-RPC on its
// stdin and stdout, its stderr kept (the last lines) for error messages.
// The child leads a process group of its own (so a server started through
// npx or a shell is ended with everything it started) and gets SIGTERM if
// the gateway dies without ending it (PR_SET_PDEATHSIG): never an orphan.
class StdioTransport : public McpTransport {
    Q_OBJECT
public:
    // A child still ending after close() is parented to `keeper` (the
    // host), so a shutdown ends it too.
    StdioTransport(const McpClientConfig &config, QObject *keeper, QObject *parent = nullptr);
    ~StdioTransport() override;
    void open() override;
    void send(const QByteArray &message) override;
    void close() override;
    void closeAndWait() override;
    QString stderrTail() const override;
    qint64 processId() const override { return pid_; }

    // Where a command is found ("" when nowhere): a path as given, a bare
    // name in $PATH.
    static QString findCommand(const QString &command);
    // Ends a process (and its group) now: SIGTERM, then SIGKILL, waiting
    // until it is gone; then deletes it.
    static void endNow(QProcess *process);

private:
    void onStdout();
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void fail(const QString &why);
    // Detaches the process and ends it in the background.
    QProcess *release();

    McpClientConfig config_;
    QPointer<QObject> keeper_;
    QProcess *process_ = nullptr;
    qint64 pid_ = 0;
    mcp::LineSplitter lines_;
    QByteArray stderr_;
    bool failed_ = false;
};

}  // namespace gatehouse
