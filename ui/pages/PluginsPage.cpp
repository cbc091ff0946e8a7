#include "PluginsPage.h"

#include "GatewayController.h"
#include "models/PluginTableModel.h"
#include "plugins/PluginManager.h"
#include "widgets/ActionButton.h"
#include "widgets/PluginConfigEditor.h"
#include "widgets/PluginLogDialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

PluginsPage::PluginsPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      model_(new PluginTableModel(this)),
      stack_(new QStackedWidget(this)),
      table_(new QTableView(this)),
      empty_(new QLabel(this)),
      banner_(new QLabel(this)),
      editor_(new PluginConfigEditor(this)),
      statsTimer_(new QTimer(this)) {
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(tr("<h2>Plugins</h2>"), this);
    layout->addWidget(heading);

    auto *bar = new QHBoxLayout;
    add_ = actionButton(tr("Add…"), QStringLiteral("add"), this);
    remove_ = actionButton(tr("Remove"), QStringLiteral("remove"), this);
    bump_ = actionButton(tr("Bump version && reload"), QStringLiteral("reload"), this);
    bump_->setToolTip(
        tr("Load the plugin's .so again from disk (a rebuilt file really runs) "
           "and swap it in without dropping requests"));
    log_ = actionButton(tr("Open log"), QStringLiteral("log"), this);
    for (QToolButton *b : {add_, remove_, bump_, log_}) bar->addWidget(b);
    bar->addStretch(1);
    layout->addLayout(bar);

    banner_->setWordWrap(true);
    banner_->setVisible(false);
    banner_->setObjectName(QStringLiteral("pluginsBanner"));
    layout->addWidget(banner_);

    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->setVisible(false);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setStretchLastSection(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(PluginTableModel::Status,
                                                     QHeaderView::Stretch);
    empty_->setText(
        tr("<p style='font-size:large'>No plugins yet</p>"
           "<p>Add one with <b>Add…</b> (a plugin's .so file), or see "
           "<tt>docs/writing-plugins.md</tt> to write your own.</p>"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setObjectName(QStringLiteral("pluginsEmpty"));
    stack_->addWidget(table_);
    stack_->addWidget(empty_);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(stack_);
    split->addWidget(editor_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(add_, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Add a plugin"), QString(),
                                                          tr("Plugins (*.so);;All files (*)"));
        if (!path.isEmpty()) addFromFile(path);
    });
    connect(remove_, &QToolButton::clicked, this, [this] {
        const QString name = selectedPlugin();
        if (name.isEmpty()) return;
        if (QMessageBox::question(this, tr("Remove plugin"),
                                  tr("Remove %1 from the running gateway?").arg(name)) ==
            QMessageBox::Yes)
            removeSelected();
    });
    connect(bump_, &QToolButton::clicked, this, &PluginsPage::bumpSelected);
    connect(log_, &QToolButton::clicked, this, &PluginsPage::openLog);
    connect(table_, &QTableView::doubleClicked, this, &PluginsPage::openLog);
    connect(model_, &PluginTableModel::enableFailed, this,
            [this](const QString &message) { showMessage(message, true); });
    connect(model_, &QAbstractItemModel::modelReset, this, &PluginsPage::updateActions);
    connect(model_, &QAbstractItemModel::dataChanged, this, &PluginsPage::updateActions);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const int row = model_->rowOf(selectedPlugin());
        editor_->setPlugin(model_->gateway(), row >= 0 ? model_->statusAt(row) : PluginStatus{});
        editor_->setVisible(row >= 0);
        updateActions();
    });
    connect(controller_, &GatewayController::started, this, &PluginsPage::attach);
    connect(controller_, &GatewayController::stopped, this, &PluginsPage::attach);
    connect(controller_, &GatewayController::gatewayChanged, this, &PluginsPage::attach);
    // Call counts and times change with every request; no signal for those.
    connect(statsTimer_, &QTimer::timeout, model_, &PluginTableModel::refresh);
    statsTimer_->start(1000);
    attach();
}

void PluginsPage::attach() {
    const QString selected = selectedPlugin();
    model_->setGateway(controller_->gateway());
    editor_->setPlugin(nullptr, PluginStatus{});
    editor_->setVisible(false);
    if (!selected.isEmpty()) selectPlugin(selected);
    updateActions();
}

QString PluginsPage::selectedPlugin() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(PluginTableModel::NameRole).toString();
}

void PluginsPage::selectPlugin(const QString &name) {
    const int row = model_->rowOf(name);
    if (row >= 0) table_->selectRow(row);
}

QString PluginsPage::lastMessage() const {
    return banner_->text();
}

void PluginsPage::updateActions() {
    const bool running = model_->manager() != nullptr;
    stack_->setCurrentWidget(running && model_->rowCount() == 0 ? static_cast<QWidget *>(empty_)
                                                                : table_);
    if (!running) {
        empty_->setText(
            tr("<p style='font-size:large'>The gateway is stopped</p>"
               "<p>Start it to see and change its plugins.</p>"));
        stack_->setCurrentWidget(empty_);
    }
    const int row = model_->rowOf(selectedPlugin());
    if (row < 0) editor_->setVisible(false);
    const bool configured = row >= 0 && model_->statusAt(row).state != PluginState::Discovered &&
                            model_->statusAt(row).state != PluginState::Unloaded;
    add_->setEnabled(running);
    remove_->setEnabled(configured);
    bump_->setEnabled(configured);
    log_->setEnabled(row >= 0);
}

void PluginsPage::showMessage(const QString &text, bool problem) {
    banner_->setStyleSheet(problem ? QStringLiteral("color: #c0392b;")
                                   : QStringLiteral("color: #2e9d48;"));
    banner_->setText(text);
    banner_->setVisible(!text.isEmpty());
}

bool PluginsPage::bumpSelected() {
    Gateway *gateway = model_->gateway();
    const int row = model_->rowOf(selectedPlugin());
    if (!gateway || !model_->manager() || row < 0) return false;
    const PluginStatus s = model_->statusAt(row);
    QString error;
    if (!gateway->setPluginVersion(s.name, s.version + 1, &error)) {
        showMessage(tr("%1 was not reloaded: %2").arg(s.name, error), true);
        return false;
    }
    showMessage(tr("%1 reloaded from disk as build %2.").arg(s.name).arg(s.version + 1), false);
    return true;
}

bool PluginsPage::removeSelected() {
    Gateway *gateway = model_->gateway();
    const QString name = selectedPlugin();
    if (!gateway || !model_->manager() || name.isEmpty()) return false;
    QString error;
    if (!gateway->removePlugin(name, &error)) {
        showMessage(tr("%1 was not removed: %2").arg(name, error), true);
        return false;
    }
    showMessage(tr("%1 removed.").arg(name), false);
    return true;
}

bool PluginsPage::addFromFile(const QString &path) {
    Gateway *gateway = model_->gateway();
    if (!gateway || !model_->manager()) return false;
    PluginEntry entry;
    entry.path = QFileInfo(path).absoluteFilePath();
    // The file name without "lib" and ".so" is a good first name.
    QString name = QFileInfo(path).completeBaseName();
    if (name.startsWith(QLatin1String("lib"))) name = name.mid(3);
    entry.name = name;
    QString error;
    if (!gateway->addPlugin(entry, &error)) {
        showMessage(tr("%1 was not added: %2").arg(name, error), true);
        return false;
    }
    showMessage(tr("%1 added.").arg(name), false);
    selectPlugin(name);
    return true;
}

void PluginsPage::openLog() {
    PluginManager *manager = model_->manager();
    const QString name = selectedPlugin();
    if (!manager || name.isEmpty()) return;
    auto *dialog = new PluginLogDialog(manager, name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

}  // namespace gatehouse
