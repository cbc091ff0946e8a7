#include "AgentsPage.h"

#include "GatewayController.h"
#include "widgets/CodingAgentsPanel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace gatehouse {

AgentsPage::AgentsPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent), controller_(controller), agents_(new CodingAgentsPanel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Coding agents</h2>"), this));
    auto *note = new QLabel(tr("The same from a terminal: <code>gatehouse connect "
                               "&lt;agent&gt;</code>, <code>gatehouse connect --undo "
                               "&lt;agent&gt;</code>, <code>gatehouse connect --status</code>."),
                            this);
    note->setWordWrap(true);
    note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(agents_);
    layout->addWidget(note);
    layout->addStretch(1);
    connect(controller_, &GatewayController::started, this, &AgentsPage::followGateway);
    connect(controller_, &GatewayController::gatewayChanged, this, &AgentsPage::followGateway);
    followGateway();
}

void AgentsPage::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    agents_->refresh();
}

void AgentsPage::followGateway() {
    // The port it really listens on (the configured one may be 0: any).
    Gateway *gateway = controller_->gateway();
    agents_->setPort(gateway->isRunning() ? gateway->port() : controller_->options().port);
}

}  // namespace gatehouse
