#include "StdioTransport.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

#include <sys/prctl.h>
#include <unistd.h>
#include <csignal>

namespace gatehouse {

namespace {

constexpr qsizetype kStderrKeep = 4096;
// After stdin closes a server has this long to leave on its own, then
// SIGTERM, then this long again before SIGKILL.
constexpr int kExitGraceMs = 500;
constexpr int kTermGraceMs = 2000;

void signalGroup(qint64 pid, int sig) {
    if (pid > 0) ::kill(-pid_t(pid), sig);
}

// Ends a detached process: SIGTERM to its group after the grace period,
// SIGKILL after the next one, and deletes it once it is gone.
void endInBackground(QProcess *p, qint64 pid) {
    if (p->state() == QProcess::NotRunning) {
        signalGroup(pid, SIGTERM);  // what it started, if anything is left
        p->deleteLater();
        return;
    }
    QObject::connect(p, &QProcess::finished, p, [p, pid] {
        signalGroup(pid, SIGTERM);
        p->deleteLater();
    });
    QTimer::singleShot(kExitGraceMs, p, [p, pid] {
        if (p->state() != QProcess::NotRunning) signalGroup(pid, SIGTERM);
    });
    QTimer::singleShot(kExitGraceMs + kTermGraceMs, p, [p, pid] {
        if (p->state() != QProcess::NotRunning) signalGroup(pid, SIGKILL);
    });
}

}  // namespace

StdioTransport::StdioTransport(const McpClientConfig &config, QObject *keeper, QObject *parent)
    : McpTransport(parent), config_(config), keeper_(keeper) {}

StdioTransport::~StdioTransport() {
    if (process_) close();
}

QString StdioTransport::findCommand(const QString &command) {
    if (command.contains(QLatin1Char('/'))) {
        const QFileInfo f(command);
        return f.isFile() && f.isExecutable() ? f.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(command);
}

void StdioTransport::open() {
    const QString program = findCommand(config_.command);
    if (program.isEmpty()) {
        const QString why =
            config_.command.contains(QLatin1Char('/'))
                ? QStringLiteral("command not found: \"%1\" is not an executable file")
                : QStringLiteral("command not found: \"%1\" is in no directory of PATH");
        QTimer::singleShot(0, this, [this, why] { fail(why.arg(config_.command)); });
        return;
    }
    process_ = new QProcess;  // no parent: it may outlive us while it ends
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &e : config_.envs) {
        const qsizetype eq = e.indexOf(QLatin1Char('='));
        if (eq > 0) env.insert(e.left(eq), e.mid(eq + 1));
    }
    process_->setProcessEnvironment(env);
    process_->setProgram(program);
    process_->setArguments(config_.args);
    process_->setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    connect(process_, &QProcess::readyReadStandardOutput, this, &StdioTransport::onStdout);
    connect(process_, &QProcess::readyReadStandardError, this, &StdioTransport::onStderr);
    connect(process_, &QProcess::finished, this, &StdioTransport::onFinished);
    connect(process_, &QProcess::errorOccurred, this, &StdioTransport::onError);
    connect(process_, &QProcess::started, this, [this] {
        pid_ = process_->processId();
        emit opened();
    });
    process_->start();
}

void StdioTransport::send(const QByteArray &message) {
    if (!process_ || process_->state() != QProcess::Running) return;
    process_->write(message + '\n');
}

void StdioTransport::onStdout() {
    if (!process_) return;
    for (const QByteArray &line : lines_.feed(process_->readAllStandardOutput()))
        emit received(line);
    if (lines_.failed()) fail(QStringLiteral("sent a line of over 64 MiB on stdout"));
}

void StdioTransport::onStderr() {
    if (!process_) return;
    stderr_ += process_->readAllStandardError();
    if (stderr_.size() > kStderrKeep) stderr_ = stderr_.right(kStderrKeep);
    emit stderrGrew();
}

QString StdioTransport::stderrTail() const {
    // The last lines, as text; a partial first line is cut off.
    QByteArray tail = stderr_.trimmed();
    if (stderr_.size() >= kStderrKeep) {
        const qsizetype nl = tail.indexOf('\n');
        if (nl >= 0) tail = tail.mid(nl + 1);
    }
    return QString::fromUtf8(tail);
}

void StdioTransport::onFinished(int exitCode, QProcess::ExitStatus status) {
    onStderr();
    const QString tail = stderrTail();
    QString why =
        status == QProcess::CrashExit
            ? QStringLiteral("\"%1\" was killed by a signal").arg(config_.command)
            : QStringLiteral("\"%1\" exited with status %2").arg(config_.command).arg(exitCode);
    if (!tail.isEmpty()) why += QStringLiteral("; its stderr ends with: ") + tail.right(1000);
    fail(why);
}

void StdioTransport::onError(QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;  // the rest end in finished()
    fail(QStringLiteral("could not start \"%1\": %2")
             .arg(config_.command, process_ ? process_->errorString() : QString()));
}

void StdioTransport::fail(const QString &why) {
    if (failed_) return;
    failed_ = true;
    if (QProcess *p = release()) endInBackground(p, pid_);
    emit failed(why);
}

QProcess *StdioTransport::release() {
    QProcess *p = process_;
    process_ = nullptr;
    if (!p) return nullptr;
    // Known from the fork on, before started() told us (a disable may come
    // that early).
    if (p->processId() > 0) pid_ = p->processId();
    p->disconnect(this);
    p->setParent(keeper_);
    if (p->state() == QProcess::Running) p->closeWriteChannel();
    return p;
}

void StdioTransport::close() {
    failed_ = true;  // no more signals
    if (QProcess *p = release()) endInBackground(p, pid_);
}

void StdioTransport::closeAndWait() {
    failed_ = true;
    QProcess *p = release();
    if (!p) return;
    if (p->state() != QProcess::NotRunning) p->waitForFinished(kExitGraceMs);
    endNow(p);
}

void StdioTransport::endNow(QProcess *p) {
    const qint64 pid = p->processId() > 0 ? p->processId() : 0;
    p->disconnect();
    if (p->state() != QProcess::NotRunning) {
        signalGroup(pid, SIGTERM);
        if (!p->waitForFinished(kTermGraceMs)) {
            signalGroup(pid, SIGKILL);
            p->waitForFinished(1000);
        }
    }
    delete p;
}

}  // namespace gatehouse
