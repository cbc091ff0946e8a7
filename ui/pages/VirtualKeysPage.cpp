#include "VirtualKeysPage.h"

#include "Gateway.h"
#include "GatewayController.h"
#include "widgets/ActionButton.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

QString usd(double amount) {
    return QStringLiteral("$") + QString::number(amount, 'f', amount >= 1 || amount == 0 ? 2 : 4);
}

QString periodText(const QString &reset) {
    if (reset.isEmpty()) return QObject::tr("in total");
    static const QHash<QChar, QString> units{
        {QLatin1Char('s'), QObject::tr("second")}, {QLatin1Char('m'), QObject::tr("minute")},
        {QLatin1Char('h'), QObject::tr("hour")},   {QLatin1Char('d'), QObject::tr("day")},
        {QLatin1Char('w'), QObject::tr("week")},   {QLatin1Char('M'), QObject::tr("month")},
        {QLatin1Char('Y'), QObject::tr("year")}};
    const QString count = reset.left(reset.size() - 1);
    const QString unit = units.value(reset.back(), reset);
    return count == QLatin1String("1") ? QObject::tr("per %1").arg(unit)
                                       : QObject::tr("per %1 %2s").arg(count, unit);
}

QString limitText(const QJsonObject &key, const char *field) {
    const QJsonValue v = key.value(QLatin1String(field));
    return v.isUndefined() ? QObject::tr("no limit") : QString::number(v.toInteger());
}

}  // namespace

VirtualKeysPage::VirtualKeysPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      stack_(new QStackedWidget(this)),
      table_(new QTableWidget(0, ColumnCount, this)),
      empty_(new QLabel(this)),
      banner_(new QLabel(this)),
      keyBox_(new QWidget(this)),
      keyField_(new QLineEdit(keyBox_)),
      refresh_(new QTimer(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Virtual keys</h2>"), this));

    auto *bar = new QHBoxLayout;
    new_ = actionButton(tr("New key…"), QStringLiteral("add"), this);
    revoke_ = actionButton(tr("Revoke"), QStringLiteral("remove"), this);
    revoke_->setEnabled(false);
    bar->addWidget(new_);
    bar->addWidget(revoke_);
    bar->addStretch(1);
    layout->addLayout(bar);

    banner_->setWordWrap(true);
    banner_->setVisible(false);
    layout->addWidget(banner_);

    // A new key, once: the store keeps only its hash.
    auto *keyRow = new QHBoxLayout(keyBox_);
    keyRow->setContentsMargins(0, 0, 0, 0);
    keyRow->addWidget(new QLabel(tr("New key (copy it now, it is not shown again):"), keyBox_));
    keyField_->setReadOnly(true);
    keyField_->setObjectName(QStringLiteral("newVirtualKey"));
    keyRow->addWidget(keyField_, 1);
    QToolButton *copy = actionButton(tr("Copy"), QStringLiteral("copy"), keyBox_);
    keyRow->addWidget(copy);
    keyBox_->setVisible(false);
    layout->addWidget(keyBox_);
    connect(copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(keyField_->text()); });

    table_->setHorizontalHeaderLabels({tr("Name"), tr("Id"), tr("Models"), tr("Requests/min"),
                                       tr("Tokens/min"), tr("Budget"), tr("Used")});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Used, QHeaderView::Stretch);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    stack_->addWidget(table_);
    stack_->addWidget(empty_);
    layout->addWidget(stack_, 1);

    connect(new_, &QToolButton::clicked, this, &VirtualKeysPage::askForNewKey);
    connect(revoke_, &QToolButton::clicked, this, &VirtualKeysPage::askToRevoke);
    connect(table_, &QTableWidget::itemSelectionChanged, this,
            [this] { revoke_->setEnabled(!selectedId().isEmpty()); });
    connect(controller_, &GatewayController::started, this, &VirtualKeysPage::refresh);
    connect(controller_, &GatewayController::gatewayChanged, this, [this] {
        connect(controller_->gateway(), &Gateway::configChanged, this, &VirtualKeysPage::refresh,
                Qt::UniqueConnection);
        refresh();
    });
    connect(controller_->gateway(), &Gateway::configChanged, this, &VirtualKeysPage::refresh,
            Qt::UniqueConnection);
    // Usage moves with every request; a few seconds is fresh enough to read.
    refresh_->setInterval(3000);
    connect(refresh_, &QTimer::timeout, this, [this] {
        if (isVisible()) refresh();
    });
    refresh_->start();
    refresh();
}

QString VirtualKeysPage::emptyText() const {
    return stack_->currentWidget() == empty_ ? empty_->text() : QString();
}

QString VirtualKeysPage::shownKey() const {
    return keyBox_->isVisible() || !keyField_->text().isEmpty() ? keyField_->text() : QString();
}

QString VirtualKeysPage::selectedId() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    const QTableWidgetItem *item = table_->item(rows.first().row(), Id);
    return item ? item->text() : QString();
}

void VirtualKeysPage::say(const QString &message, bool error) {
    message_ = message;
    banner_->setText(message);
    banner_->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
    banner_->setVisible(!message.isEmpty());
}

void VirtualKeysPage::refresh() {
    QString error;
    const QJsonObject listed =
        controller_->isRunning() ? controller_->gateway()->virtualKeys(&error) : QJsonObject();
    const QJsonArray keys = listed.value(QLatin1String("virtual_keys")).toArray();
    if (!controller_->isRunning() || !error.isEmpty() || keys.isEmpty()) {
        empty_->setText(
            !controller_->isRunning() ? tr("<p style='font-size:large'>The gateway is stopped</p>")
            : !error.isEmpty()
                ? tr("<p style='font-size:large'>No governance plugin</p><p>Enable the bundled "
                     "<b>governance</b> plugin on the Plugins page to give other people, "
                     "machines or tools keys with their own limits and budgets.</p>")
                : tr("<p style='font-size:large'>No virtual keys yet</p><p>A key lets someone "
                     "use the gateway with its own model list, rate limits and budget, sent "
                     "in the <tt>x-bf-vk</tt> header. Create one with <b>New key…</b>.</p>"));
        stack_->setCurrentWidget(empty_);
        new_->setEnabled(controller_->isRunning() && error.isEmpty());
        table_->setRowCount(0);
        return;
    }
    new_->setEnabled(true);
    const QString selected = selectedId();
    table_->setRowCount(int(keys.size()));
    for (int row = 0; row < keys.size(); ++row) {
        const QJsonObject k = keys.at(row).toObject();
        const QJsonObject budget = k.value(QLatin1String("budget")).toObject();
        const QJsonObject usage = k.value(QLatin1String("usage")).toObject();
        const QString period = periodText(budget.value(QLatin1String("reset_duration")).toString());
        QStringList models;
        for (const QJsonValue &m : k.value(QLatin1String("allowed_models")).toArray())
            models << m.toString();
        QString budgetText = tr("none");
        double used = 0, max = 0;
        QString usedText;
        if (budget.contains(QLatin1String("max_usd"))) {
            max = budget.value(QLatin1String("max_usd")).toDouble();
            used = usage.value(QLatin1String("budget_used_usd")).toDouble();
            budgetText = QStringLiteral("%1 %2").arg(usd(max), period);
            usedText = tr("%1 of %2").arg(usd(used), usd(max));
        } else if (budget.contains(QLatin1String("max_tokens"))) {
            max = budget.value(QLatin1String("max_tokens")).toDouble();
            used = usage.value(QLatin1String("budget_used_tokens")).toDouble();
            budgetText = tr("%1 tokens %2").arg(qint64(max)).arg(period);
            usedText = tr("%1 of %2 tokens").arg(qint64(used)).arg(qint64(max));
        } else {
            usedText = tr("%1 requests this minute")
                           .arg(usage.value(QLatin1String("requests_this_minute")).toInteger());
        }
        const QStringList cells{
            k.value(QLatin1String("name")).toString(),
            k.value(QLatin1String("id")).toString(),
            models.isEmpty() ? tr("every model") : models.join(QLatin1String(", ")),
            limitText(k, "requests_per_minute"),
            limitText(k, "tokens_per_minute"),
            budgetText};
        for (int c = 0; c < cells.size(); ++c)
            table_->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        auto *bar = qobject_cast<QProgressBar *>(table_->cellWidget(row, Used));
        if (!bar) {
            bar = new QProgressBar(table_);
            table_->setCellWidget(row, Used, bar);
        }
        bar->setRange(0, 1000);
        bar->setValue(max > 0 ? int(qBound(0.0, used / max, 1.0) * 1000) : 0);
        bar->setFormat(usedText);
        bar->setTextVisible(true);
        if (k.value(QLatin1String("id")).toString() == selected) table_->selectRow(row);
    }
    stack_->setCurrentWidget(table_);
}

QString VirtualKeysPage::createKey(const QJsonObject &spec) {
    QString error;
    const QJsonObject made = controller_->gateway()->createVirtualKey(spec, &error);
    if (!error.isEmpty()) {
        say(tr("Not created: %1").arg(error), true);
        return {};
    }
    const QString key = made.value(QLatin1String("key")).toString();
    keyField_->setText(key);
    keyBox_->setVisible(true);
    say(tr("Created key \"%1\". Clients send it in the x-bf-vk header.")
            .arg(made.value(QLatin1String("name")).toString()),
        false);
    refresh();
    return key;
}

bool VirtualKeysPage::revokeKey(const QString &id) {
    QString error;
    if (!controller_->gateway()->revokeVirtualKey(id, &error)) {
        say(tr("Not revoked: %1").arg(error), true);
        return false;
    }
    say(tr("Revoked key %1: requests with it are refused from now on.").arg(id), false);
    refresh();
    return true;
}

void VirtualKeysPage::askForNewKey() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("New virtual key"));
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(&dialog);
    auto *models = new QLineEdit(&dialog);
    models->setPlaceholderText(tr("every model; or e.g. openai/gpt-4o*, mock/*"));
    auto *rpm = new QSpinBox(&dialog);
    auto *tpm = new QSpinBox(&dialog);
    for (QSpinBox *s : {rpm, tpm}) {
        s->setRange(0, 100'000'000);
        s->setSpecialValueText(tr("no limit"));
    }
    auto *budget = new QDoubleSpinBox(&dialog);
    budget->setRange(0, 1'000'000);
    budget->setDecimals(2);
    budget->setPrefix(QStringLiteral("$"));
    budget->setSpecialValueText(tr("no budget"));
    auto *period = new QComboBox(&dialog);
    period->addItem(tr("per month"), QStringLiteral("1M"));
    period->addItem(tr("per week"), QStringLiteral("1w"));
    period->addItem(tr("per day"), QStringLiteral("1d"));
    period->addItem(tr("in total"), QString());
    form->addRow(tr("Name"), name);
    form->addRow(tr("Allowed models"), models);
    form->addRow(tr("Requests per minute"), rpm);
    form->addRow(tr("Tokens per minute"), tpm);
    form->addRow(tr("Budget (at the models' prices)"), budget);
    form->addRow(tr("Budget period"), period);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    QJsonObject spec{{QStringLiteral("name"), name->text().trimmed()}};
    const QStringList patterns = models->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    QJsonArray allowed;
    for (const QString &p : patterns) allowed.append(p.trimmed());
    if (!allowed.isEmpty()) spec.insert(QStringLiteral("allowed_models"), allowed);
    if (rpm->value() > 0) spec.insert(QStringLiteral("requests_per_minute"), rpm->value());
    if (tpm->value() > 0) spec.insert(QStringLiteral("tokens_per_minute"), tpm->value());
    if (budget->value() > 0) {
        QJsonObject b{{QStringLiteral("max_usd"), budget->value()}};
        if (!period->currentData().toString().isEmpty())
            b.insert(QStringLiteral("reset_duration"), period->currentData().toString());
        spec.insert(QStringLiteral("budget"), b);
    }
    createKey(spec);
}

void VirtualKeysPage::askToRevoke() {
    const QString id = selectedId();
    if (id.isEmpty()) return;
    if (QMessageBox::question(this, tr("Revoke key"),
                              tr("Revoke key %1? Requests with it are refused at once.").arg(id)) !=
        QMessageBox::Yes)
        return;
    revokeKey(id);
}

}  // namespace gatehouse
