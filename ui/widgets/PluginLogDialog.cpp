#include "PluginLogDialog.h"

#include "plugins/PluginManager.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse {

PluginLogDialog::PluginLogDialog(PluginManager *manager, const QString &plugin, QWidget *parent)
    : QDialog(parent),
      manager_(manager),
      plugin_(plugin),
      view_(new QPlainTextEdit(this)),
      timer_(new QTimer(this)) {
    setWindowTitle(tr("%1 — log").arg(plugin));
    view_->setReadOnly(true);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_->setMaximumBlockCount(5000);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(view_);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 420);
    connect(timer_, &QTimer::timeout, this, &PluginLogDialog::poll);
    timer_->start(500);
    poll();
}

QString PluginLogDialog::text() const {
    return view_->toPlainText();
}

void PluginLogDialog::poll() {
    if (!manager_) return;
    for (;;) {
        const QList<PluginLogLine> lines = manager_->logs(plugin_, lastId_, 500);
        for (const PluginLogLine &l : lines) {
            QString where = l.hook;
            if (!l.requestId.isEmpty()) where += QLatin1Char(' ') + l.requestId;
            view_->appendPlainText(
                QStringLiteral("%1  %2  %3  %4")
                    .arg(l.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                         l.level.leftJustified(7), where.trimmed().leftJustified(14), l.message));
            lastId_ = l.id;
        }
        if (lines.size() < 500) break;
    }
}

}  // namespace gatehouse
