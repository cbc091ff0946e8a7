#include "SettingsPage.h"

#include "GatewayController.h"
#include "PanelSettings.h"
#include "widgets/SpendThresholdsBox.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gatehouse {

SettingsPage::SettingsPage(GatewayController *controller, PanelSettings *settings, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      settings_(settings),
      host_(new QLineEdit(this)),
      port_(new QSpinBox(this)),
      apply_(new QPushButton(tr("Apply and restart"), this)),
      message_(new QLabel(this)),
      tray_(new QCheckBox(tr("Keep the gateway running in the tray when the window is closed"),
                          this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Settings</h2>"), this));

    auto *network = new QGroupBox(tr("Gateway address"), this);
    auto *form = new QFormLayout(network);
    host_->setPlaceholderText(QStringLiteral("127.0.0.1"));
    host_->setToolTip(
        tr("127.0.0.1 keeps the gateway private to this machine; 0.0.0.0 "
           "opens it to the network."));
    port_->setRange(1, 65535);
    host_->setMaximumWidth(280);
    port_->setMaximumWidth(120);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("Host"), host_);
    form->addRow(tr("Port"), port_);
    auto *row = new QHBoxLayout;
    row->addWidget(apply_);
    row->addStretch(1);
    form->addRow(row);
    message_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("settingsMessage"));
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(message_);
    layout->addWidget(network);

    auto *log = new QGroupBox(tr("Request log"), this);
    auto *logForm = new QFormLayout(log);
    logForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    logging_ = new QCheckBox(tr("Keep a log of requests and hook calls"), log);
    content_ = new QCheckBox(tr("Include request and response bodies"), log);
    retention_ = new QSpinBox(log);
    retention_->setRange(1, 36500);
    retention_->setSuffix(tr(" days"));
    store_ = new QLineEdit(log);
    store_->setMinimumWidth(360);
    store_->setPlaceholderText(tr("default SQLite file"));
    store_->setToolTip(tr("A SQLite file path, or a postgres://user@host/db URL"));
    logApply_ = new QPushButton(tr("Apply and restart"), log);
    logMessage_ = new QLabel(log);
    logMessage_->setWordWrap(true);
    logForm->addRow(logging_);
    logForm->addRow(content_);
    logForm->addRow(tr("Keep for"), retention_);
    logForm->addRow(tr("Store"), store_);
    auto *logRow = new QHBoxLayout;
    logRow->addWidget(logApply_);
    logRow->addStretch(1);
    logForm->addRow(logRow);
    logForm->addRow(logMessage_);
    auto *note = new QLabel(tr("Kept for the next launch (over config.json's \"client\" and "
                               "\"store\"; a --store on the command line still wins)."),
                            log);
    note->setEnabled(false);
    note->setWordWrap(true);
    logForm->addRow(note);
    layout->addWidget(log);
    connect(logging_, &QCheckBox::toggled, content_, &QCheckBox::setEnabled);
    connect(logApply_, &QPushButton::clicked, this, &SettingsPage::applyLogSettings);

    auto *access = new QGroupBox(tr("API token"), this);
    auto *accessForm = new QFormLayout(access);
    accessForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    token_ = new QLineEdit(access);
    token_->setReadOnly(true);
    token_->setEchoMode(QLineEdit::Password);
    token_->setMinimumWidth(360);
    token_->setObjectName(QStringLiteral("apiToken"));
    auto *show = new QCheckBox(tr("Show"), access);
    auto *copy =
        new QPushButton(QIcon(QStringLiteral(":/gatehouse/icons/copy.svg")), tr("Copy"), access);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(token_);
    tokenRow->addWidget(show);
    tokenRow->addWidget(copy);
    accessForm->addRow(tr("Token"), tokenRow);
    tokenNote_ = new QLabel(access);
    tokenNote_->setWordWrap(true);
    tokenNote_->setEnabled(false);
    accessForm->addRow(tokenNote_);
    localTrust_ = new QLabel(access);
    localTrust_->setWordWrap(true);
    localTrust_->setObjectName(QStringLiteral("localTrust"));
    localTrust_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    accessForm->addRow(tr("Without it"), localTrust_);
    layout->addWidget(access);
    connect(show, &QCheckBox::toggled, token_, [this](bool shown) {
        token_->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(token_->text()); });

    auto *panel = new QGroupBox(tr("Control panel"), this);
    auto *panelLayout = new QVBoxLayout(panel);
    tray_->setChecked(settings_->keepRunningInTray());
    panelLayout->addWidget(tray_);
    auto *theme = new QLabel(tr("The panel follows the system's light or dark theme."), panel);
    theme->setEnabled(false);
    panelLayout->addWidget(theme);
    layout->addWidget(panel);
    thresholds_ = new SpendThresholdsBox(settings_, this);
    layout->addWidget(thresholds_);
    layout->addStretch(1);

    connect(apply_, &QPushButton::clicked, this, &SettingsPage::applyAddress);
    connect(tray_, &QCheckBox::toggled, this,
            [this](bool keep) { settings_->setKeepRunningInTray(keep); });
    connect(controller_, &GatewayController::gatewayChanged, this, &SettingsPage::loadFromGateway);
    // The token is read when the gateway starts.
    connect(controller_, &GatewayController::started, this, &SettingsPage::loadFromGateway);
    loadFromGateway();
}

void SettingsPage::loadFromGateway() {
    host_->setText(controller_->options().host.toString());
    port_->setValue(controller_->options().port);
    const GatewayController::LogSettings log = controller_->logSettings();
    logging_->setChecked(log.enabled);
    content_->setChecked(log.contentLogging);
    content_->setEnabled(log.enabled);
    retention_->setValue(log.retentionDays);
    store_->setText(log.store);
    Gateway *gateway = controller_->gateway();
    token_->setText(gateway->apiToken());
    const QString where =
        gateway->apiTokenFile().isEmpty()
            ? tr("It lives only as long as this run: its file could not be written.")
            : tr("Kept in %1.").arg(gateway->apiTokenFile());
    tokenNote_->setText(
        (gateway->apiTokenRequired()
             ? tr("Needed by every /api and /ws request: the gateway listens beyond this machine. ")
             : tr("Needed for /api and /ws when the gateway listens beyond this machine "
                  "(host other than 127.0.0.1), and to add plugins by path over the API. ")) +
        where);
    const bool ownerOnly = gateway->localTrust() == ClientConfig::LocalTrust::Owner;
    QString trust =
        ownerOnly
            ? tr("Only your own programs (user id %1) and root's use the gateway without the "
                 "token. Other users of this machine, and other machines, need the token, or a "
                 "virtual key of the governance plugin for inference (x-bf-vk).")
                  .arg(gateway->ownerUid())
            : tr("Every program that reaches the port uses the gateway without the token, "
                 "whatever its user: client.local_trust is \"any\".");
    trust += QLatin1Char(' ') + tr("Set by client.local_trust in config.json (\"owner\" or "
                                   "\"any\"); read at start.");
    if (!gateway->unixSocketPath().isEmpty())
        trust +=
            QLatin1Char(' ') +
            tr("Also serving on the Unix socket %1 (yours only).").arg(gateway->unixSocketPath());
    localTrust_->setText(trust);
}

QString SettingsPage::localTrustText() const {
    return localTrust_->text();
}

bool SettingsPage::applyLogSettings() {
    GatewayController::LogSettings log;
    log.enabled = logging_->isChecked();
    log.contentLogging = content_->isChecked();
    log.retentionDays = retention_->value();
    log.store = store_->text().trimmed();
    const bool ok = controller_->setLogSettings(log);
    // Kept only once it worked: a store that cannot be opened must not stop the next launch.
    if (ok) settings_->setLogSettings(log);
    logMessage_->setStyleSheet(ok ? QStringLiteral("color: #2e9d48;")
                                  : QStringLiteral("color: #c0392b;"));
    logMessage_->setText(ok ? tr("Restarted with the new log settings.")
                            : tr("The gateway is stopped: %1").arg(controller_->lastError()));
    return ok;
}

QString SettingsPage::message() const {
    return message_->text();
}

bool SettingsPage::applyAddress() {
    const QString hostText =
        host_->text().trimmed().isEmpty() ? QStringLiteral("127.0.0.1") : host_->text().trimmed();
    QHostAddress host;
    if (hostText == QLatin1String("localhost"))
        host = QHostAddress::LocalHost;
    else if (!host.setAddress(hostText)) {
        message_->setStyleSheet(QStringLiteral("color: #c0392b;"));
        message_->setText(
            tr("\"%1\" is not an IP address (try 127.0.0.1 or 0.0.0.0).").arg(hostText));
        return false;
    }
    const bool ok = controller_->setAddress(host, quint16(port_->value()));
    if (ok) {
        settings_->setAddress(host, quint16(port_->value()));
        message_->setStyleSheet(QStringLiteral("color: #2e9d48;"));
        message_->setText(tr("Listening on %1.").arg(controller_->gateway()->baseUrl()));
    } else {
        message_->setStyleSheet(QStringLiteral("color: #c0392b;"));
        message_->setText(tr("The gateway is stopped: %1").arg(controller_->lastError()));
    }
    return ok;
}

}  // namespace gatehouse
