#include "MainWindow.h"

#include "Gateway.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse {

MainWindow::MainWindow(Gateway *gateway, QWidget *parent)
    : QMainWindow(parent), gateway_(gateway), timer_(new QTimer(this)) {
    setWindowTitle(QStringLiteral("Gatehouse"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *title = new QLabel(QStringLiteral("<h2>Gatehouse</h2>"), central);
    auto *row = new QHBoxLayout;
    url_ = new QLabel(central);
    url_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *copy = new QPushButton(QStringLiteral("Copy URL"), central);
    connect(copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(gateway_->baseUrl() + QStringLiteral("/v1"));
    });
    row->addWidget(url_, 1);
    row->addWidget(copy);
    auto *hint = new QLabel(
        QStringLiteral("Point OpenAI clients at <b>%1/v1</b> and Anthropic clients at "
                       "<b>%1/anthropic</b>. Name models as <tt>provider/model</tt>, e.g. "
                       "<tt>mock/echo</tt>.")
            .arg(gateway_->baseUrl()),
        central);
    hint->setWordWrap(true);
    counters_ = new QLabel(central);
    layout->addWidget(title);
    layout->addLayout(row);
    layout->addWidget(hint);
    layout->addWidget(counters_);
    layout->addStretch(1);
    setCentralWidget(central);
    resize(640, 360);
    // Pull, don't push: the GUI reads counters on a timer and never waits on the gateway.
    connect(timer_, &QTimer::timeout, this, &MainWindow::refresh);
    timer_->start(500);
    refresh();
}

void MainWindow::refresh() {
    const bool running = gateway_->isRunning();
    url_->setText(running ? QStringLiteral("Listening on <b>%1</b>").arg(gateway_->baseUrl())
                          : QStringLiteral("Stopped"));
    const auto m = gateway_->metrics();
    counters_->setText(QStringLiteral("Requests: %1    Errors: %2    In flight: %3")
                           .arg(m.requests)
                           .arg(m.errors)
                           .arg(m.inFlight));
    statusBar()->showMessage(running ? QStringLiteral("Running — %1").arg(gateway_->baseUrl())
                                     : QStringLiteral("Stopped"));
}

}  // namespace gatehouse
