#include "CodingAgentsPanel.h"

#include "connect/AgentWiring.h"

#include <QCheckBox>
#include <QDir>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

QString shown(const QString &path) {
    const QString home = QDir::homePath();
    return path.startsWith(home + QLatin1Char('/')) ? QLatin1Char('~') + path.mid(home.size())
                                                    : path;
}

}  // namespace

CodingAgentsPanel::CodingAgentsPanel(QWidget *parent)
    : QGroupBox(tr("Agents on this machine"), parent),
      model_(new QLineEdit(this)),
      mcp_(new QCheckBox(tr("Also add the gateway's MCP tools (/mcp)"), this)),
      message_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Connect writes the agent's own settings so it uses this "
                                "gateway; each file is backed up first and Undo puts it back "
                                "exactly as it was."),
                             this);
    intro->setWordWrap(true);
    intro->setEnabled(false);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    model_->setPlaceholderText(tr("the agent's own choice"));
    model_->setToolTip(tr("The model the agent asks for, as provider/model (e.g. mock/echo)"));
    model_->setMinimumWidth(280);
    form->addRow(tr("Model"), model_);
    mcp_->setChecked(true);
    form->addRow(mcp_);
    layout->addLayout(form);

    auto *grid = new QGridLayout;
    int row = 0;
    for (const CodingAgent *agent : AgentWiring::agents()) {
        const QString id = agent->id();
        auto *state = new QLabel(this);
        state->setObjectName(QStringLiteral("agentState-") + id);
        auto *connectButton = new QPushButton(tr("Connect"), this);
        auto *undoButton = new QPushButton(tr("Undo"), this);
        undoButton->setToolTip(tr("Restore the files Connect changed"));
        grid->addWidget(new QLabel(agent->displayName(), this), row, 0);
        grid->addWidget(state, row, 1);
        grid->addWidget(connectButton, row, 2);
        grid->addWidget(undoButton, row, 3);
        state_.insert(id, state);
        connect_.insert(id, connectButton);
        undo_.insert(id, undoButton);
        connect(connectButton, &QPushButton::clicked, this, [this, id] { connectAgent(id); });
        connect(undoButton, &QPushButton::clicked, this, [this, id] { undoAgent(id); });
        ++row;
    }
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);
    message_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("codingAgentsMessage"));
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message_);
    refresh();
}

void CodingAgentsPanel::setPort(int port) {
    port_ = port;
    refresh();
}

void CodingAgentsPanel::refresh() {
    for (const CodingAgent *agent : AgentWiring::agents()) {
        const AgentWiring::Status s = AgentWiring::status(*agent, port_);
        QStringList parts{s.installed ? tr("installed") : tr("not found")};
        parts << (s.wired ? tr("wired to this gateway") : tr("not wired"));
        state_.value(agent->id())->setText(parts.join(QStringLiteral(" · ")));
        undo_.value(agent->id())->setEnabled(s.backedUp);
    }
}

QString CodingAgentsPanel::stateText(const QString &agentId) const {
    const QLabel *label = state_.value(agentId);
    return label ? label->text() : QString();
}

QString CodingAgentsPanel::message() const {
    return message_->text();
}

void CodingAgentsPanel::connectAgent(const QString &agentId) {
    const CodingAgent *agent = AgentWiring::find(agentId);
    ConnectOptions options;
    options.port = port_;
    options.model = model_->text().trimmed();
    options.mcp = mcp_->isChecked();
    QStringList changed;
    QString error;
    if (AgentWiring::connect(*agent, options, &changed, &error)) {
        QStringList files;
        for (const QString &path : changed) files << shown(path);
        message_->setText(tr("%1 now uses this gateway. Changed: %2")
                              .arg(agent->displayName(), files.join(QStringLiteral(", "))));
    } else {
        message_->setText(tr("%1 was not changed: %2").arg(agent->displayName(), error));
    }
    refresh();
}

void CodingAgentsPanel::undoAgent(const QString &agentId) {
    const CodingAgent *agent = AgentWiring::find(agentId);
    QStringList restored;
    QString error;
    if (AgentWiring::undo(*agent, &restored, &error)) {
        QStringList files;
        for (const QString &path : restored) files << shown(path);
        message_->setText(
            tr("%1: restored %2").arg(agent->displayName(), files.join(QStringLiteral(", "))));
    } else {
        message_->setText(tr("%1: undo failed: %2").arg(agent->displayName(), error));
    }
    refresh();
}

}  // namespace gatehouse
