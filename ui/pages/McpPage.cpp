#include "McpPage.h"

#include "Gateway.h"
#include "GatewayController.h"
#include "widgets/ActionButton.h"
#include "widgets/McpServerDialog.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

QPlainTextEdit *codeView(bool readOnly, QWidget *parent) {
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(readOnly);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTabChangesFocus(true);
    return view;
}

QString statusText(const QJsonObject &s) {
    const QString state = s.value(QLatin1String("state")).toString();
    const qint64 retryMs = s.value(QLatin1String("retry_in_ms")).toInteger();
    if (state == QLatin1String("error") && retryMs > 0)
        return QObject::tr("error (retries after %1 s)").arg(retryMs / 1000.0);
    return state;
}

QColor statusColour(const QString &state) {
    if (state == QLatin1String("connected")) return QColor(0x2e, 0x7d, 0x32);
    if (state == QLatin1String("error")) return QColor(0xb0, 0x00, 0x20);
    if (state == QLatin1String("disabled")) return QColor(0x75, 0x75, 0x75);
    return QColor(0xb2, 0x6a, 0x00);  // connecting, reconnecting
}

}  // namespace

McpPage::McpPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      table_(new QTableWidget(0, ColumnCount, this)),
      banner_(new QLabel(this)),
      empty_(new QLabel(this)),
      details_(new QTabWidget(this)),
      tools_(new QListWidget(this)),
      schema_(codeView(true, this)),
      arguments_(codeView(false, this)),
      result_(codeView(true, this)),
      log_(codeView(true, this)),
      run_(new QPushButton(tr("Call tool"), this)),
      refresh_(new QTimer(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>MCP servers</h2>"), this));
    auto *bar = new QHBoxLayout;
    add_ = actionButton(tr("Add…"), QStringLiteral("add"), this);
    edit_ = actionButton(tr("Edit…"), QStringLiteral("settings"), this);
    remove_ = actionButton(tr("Remove"), QStringLiteral("remove"), this);
    enable_ = actionButton(tr("Disable"), QStringLiteral("pause"), this);
    restart_ = actionButton(tr("Restart"), QStringLiteral("restart"), this);
    for (QToolButton *b : {add_, edit_, remove_, enable_, restart_}) bar->addWidget(b);
    bar->addStretch(1);
    layout->addLayout(bar);
    banner_->setWordWrap(true);
    banner_->setVisible(false);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(banner_);
    empty_->setWordWrap(true);
    empty_->setText(
        tr("No MCP servers yet. <b>Add…</b> one (a program such as <tt>npx -y "
           "@modelcontextprotocol/server-everything</tt>, or a URL): its tools are "
           "then offered at <tt>/mcp</tt> and to models through the "
           "<tt>x-bf-mcp-include-clients</tt> header."));
    layout->addWidget(empty_);

    table_->setHorizontalHeaderLabels(
        {tr("Name"), tr("Connection"), tr("Status"), tr("Tools"), tr("Last error")});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(LastError, QHeaderView::Stretch);

    // Tools: the list, the selected one's schema, and a form to call it.
    auto *toolsTab = new QSplitter(Qt::Horizontal, details_);
    toolsTab->addWidget(tools_);
    auto *toolPane = new QWidget(toolsTab);
    auto *toolLayout = new QVBoxLayout(toolPane);
    toolLayout->setContentsMargins(0, 0, 0, 0);
    toolLayout->addWidget(new QLabel(tr("Input schema"), toolPane));
    toolLayout->addWidget(schema_, 2);
    toolLayout->addWidget(new QLabel(tr("Arguments (a JSON object)"), toolPane));
    arguments_->setPlainText(QStringLiteral("{}"));
    toolLayout->addWidget(arguments_, 1);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(run_);
    runRow->addStretch(1);
    toolLayout->addLayout(runRow);
    toolLayout->addWidget(new QLabel(tr("Result"), toolPane));
    toolLayout->addWidget(result_, 2);
    toolsTab->addWidget(toolPane);
    toolsTab->setStretchFactor(1, 2);
    details_->addTab(toolsTab, tr("Tools"));
    log_->setPlaceholderText(tr("What a stdio server wrote to stderr lately (its last 4 KiB)"));
    details_->addTab(log_, tr("Log"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(details_);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(add_, &QToolButton::clicked, this, &McpPage::askToAdd);
    connect(edit_, &QToolButton::clicked, this, &McpPage::askToEdit);
    connect(remove_, &QToolButton::clicked, this, &McpPage::askToRemove);
    connect(enable_, &QToolButton::clicked, this, [this] {
        const QString name = selectedServer();
        if (!name.isEmpty())
            setServerEnabled(name, !server(name)
                                        .value(QLatin1String("config"))
                                        .toObject()
                                        .value(QLatin1String("enabled"))
                                        .toBool(true));
    });
    connect(restart_, &QToolButton::clicked, this, [this] {
        if (!selectedServer().isEmpty()) restartServer(selectedServer());
    });
    connect(run_, &QPushButton::clicked, this, &McpPage::runTool);
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        showServer();
        updateButtons();
    });
    connect(tools_, &QListWidget::currentRowChanged, this, &McpPage::showTool);
    connect(controller_, &GatewayController::started, this, &McpPage::refresh);
    connect(controller_, &GatewayController::stopped, this, &McpPage::refresh);
    connect(controller_, &GatewayController::gatewayChanged, this, [this] {
        connect(controller_->gateway(), &Gateway::configChanged, this, &McpPage::refresh,
                Qt::UniqueConnection);
        refresh();
    });
    connect(controller_->gateway(), &Gateway::configChanged, this, &McpPage::refresh,
            Qt::UniqueConnection);
    // States change on the MCP thread (a handshake, a crash, a retry): a
    // couple of seconds is fresh enough to read.
    refresh_->setInterval(2000);
    connect(refresh_, &QTimer::timeout, this, [this] {
        if (isVisible()) refresh();
    });
    refresh_->start();
    refresh();
}

QString McpPage::selectedServer() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    const QTableWidgetItem *item = table_->item(rows.first().row(), Name);
    return item ? item->text() : QString();
}

QJsonObject McpPage::server(const QString &name) const {
    for (const QJsonValue &v : servers_)
        if (v.toObject().value(QLatin1String("name")).toString() == name) return v.toObject();
    return {};
}

void McpPage::selectServer(const QString &name) {
    for (int row = 0; row < table_->rowCount(); ++row)
        if (table_->item(row, Name)->text() == name) table_->selectRow(row);
}

void McpPage::refresh() {
    const bool running = controller_->isRunning();
    servers_ = running
                   ? controller_->gateway()->mcpClients().value(QLatin1String("clients")).toArray()
                   : QJsonArray();
    const QString selected = selectedServer();
    const QSignalBlocker block(table_);
    table_->setRowCount(int(servers_.size()));
    for (int row = 0; row < servers_.size(); ++row) {
        const QJsonObject s = servers_.at(row).toObject();
        const QJsonObject config = s.value(QLatin1String("config")).toObject();
        int offered = 0;
        const QJsonArray tools = s.value(QLatin1String("tools")).toArray();
        for (const QJsonValue &t : tools)
            offered += t.toObject().value(QLatin1String("allowed")).toBool() ? 1 : 0;
        const QString state = s.value(QLatin1String("state")).toString();
        const QStringList cells{
            s.value(QLatin1String("name")).toString(),
            config.value(QLatin1String("connection_type")).toString(), statusText(s),
            tools.isEmpty() ? QString() : tr("%1 of %2 offered").arg(offered).arg(tools.size()),
            s.value(QLatin1String("last_error")).toString()};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c == LastError) item->setToolTip(cells.at(c));
            table_->setItem(row, c, item);
        }
        table_->item(row, Status)->setForeground(statusColour(state));
        if (cells.first() == selected) table_->selectRow(row);
    }
    empty_->setVisible(running && servers_.isEmpty());
    add_->setEnabled(running);
    showServer();
    updateButtons();
}

void McpPage::updateButtons() {
    const QJsonObject s = server(selectedServer());
    const bool any = !s.isEmpty();
    const bool enabled =
        s.value(QLatin1String("config")).toObject().value(QLatin1String("enabled")).toBool(true);
    for (QToolButton *b : {edit_, remove_, enable_}) b->setEnabled(any);
    restart_->setEnabled(any && enabled);
    enable_->setText(any && !enabled ? tr("Enable") : tr("Disable"));
    enable_->setIcon(QIcon(any && !enabled ? QStringLiteral(":/gatehouse/icons/start.svg")
                                           : QStringLiteral(":/gatehouse/icons/pause.svg")));
    run_->setEnabled(tools_->currentItem() &&
                     s.value(QLatin1String("state")).toString() == QLatin1String("connected"));
}

void McpPage::showServer() {
    const QJsonObject s = server(selectedServer());
    log_->setPlainText(s.value(QLatin1String("stderr_tail")).toString());
    // The list is rebuilt only when the tools changed, so a refresh keeps
    // the tool being looked at.
    QStringList names;
    const QJsonArray tools = s.value(QLatin1String("tools")).toArray();
    for (const QJsonValue &t : tools)
        names << t.toObject().value(QLatin1String("prefixed_name")).toString();
    QStringList shown;
    for (int i = 0; i < tools_->count(); ++i)
        shown << tools_->item(i)->data(Qt::UserRole).toString();
    if (names == shown) return;
    const QString current =
        tools_->currentItem() ? tools_->currentItem()->data(Qt::UserRole).toString() : QString();
    const QSignalBlocker block(tools_);
    tools_->clear();
    for (const QJsonValue &v : tools) {
        const QJsonObject t = v.toObject();
        const bool allowed = t.value(QLatin1String("allowed")).toBool();
        auto *item = new QListWidgetItem(t.value(QLatin1String("name")).toString() +
                                             (allowed ? QString() : tr(" (not offered)")),
                                         tools_);
        item->setData(Qt::UserRole, t.value(QLatin1String("prefixed_name")).toString());
        item->setToolTip(t.value(QLatin1String("description")).toString());
        if (!allowed) item->setForeground(QColor(0x75, 0x75, 0x75));
        if (item->data(Qt::UserRole).toString() == current) tools_->setCurrentItem(item);
    }
    showTool();
}

void McpPage::showTool() {
    const QString name =
        tools_->currentItem() ? tools_->currentItem()->data(Qt::UserRole).toString() : QString();
    schema_->clear();
    for (const QJsonValue &v : server(selectedServer()).value(QLatin1String("tools")).toArray()) {
        const QJsonObject t = v.toObject();
        if (t.value(QLatin1String("prefixed_name")).toString() != name) continue;
        QString text = t.value(QLatin1String("description")).toString();
        if (!text.isEmpty()) text += QStringLiteral("\n\n");
        text += QString::fromUtf8(
            QJsonDocument(t.value(QLatin1String("input_schema")).toObject()).toJson());
        schema_->setPlainText(text);
    }
    updateButtons();
}

void McpPage::finish(const QString &done, const QString &error) {
    message_ = error.isEmpty() ? done : error;
    banner_->setText(message_);
    banner_->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #b00020"));
    banner_->setVisible(!message_.isEmpty());
    ++finished_;
    refresh();
}

void McpPage::saveServer(const QJsonObject &entry, bool create) {
    const QString name = entry.value(QLatin1String("name")).toString();
    controller_->gateway()->saveMcpClient(
        entry, create, this, [this, name, create](const QString &e) {
            finish(create ? tr("Added %1: it is connecting.").arg(name) : tr("Saved %1.").arg(name),
                   e.isEmpty() ? QString() : tr("Not saved: %1").arg(e));
            if (e.isEmpty()) selectServer(name);
        });
}

void McpPage::removeServer(const QString &name) {
    controller_->gateway()->removeMcpClient(name, this, [this, name](const QString &e) {
        finish(tr("Removed %1: its process is ended.").arg(name),
               e.isEmpty() ? QString() : tr("Not removed: %1").arg(e));
    });
}

void McpPage::setServerEnabled(const QString &name, bool enabled) {
    controller_->gateway()->setMcpClientEnabled(
        name, enabled, this, [this, name, enabled](const QString &e) {
            finish(enabled ? tr("Enabled %1.").arg(name) : tr("Disabled %1.").arg(name),
                   e.isEmpty() ? QString() : tr("Not changed: %1").arg(e));
        });
}

void McpPage::restartServer(const QString &name) {
    controller_->gateway()->restartMcpClient(name, this, [this, name](const QString &e) {
        finish(tr("Restarting %1.").arg(name),
               e.isEmpty() ? QString() : tr("Not restarted: %1").arg(e));
    });
}

void McpPage::runTool() {
    if (!tools_->currentItem()) return;
    const QString tool = tools_->currentItem()->data(Qt::UserRole).toString();
    QJsonParseError parseError;
    const QJsonDocument args = QJsonDocument::fromJson(arguments_->toPlainText().trimmed().isEmpty()
                                                           ? QByteArray("{}")
                                                           : arguments_->toPlainText().toUtf8(),
                                                       &parseError);
    if (!args.isObject()) {
        result_->setPlainText(tr("The arguments are not a JSON object: %1")
                                  .arg(parseError.error != QJsonParseError::NoError
                                           ? parseError.errorString()
                                           : tr("a JSON object is {...}")));
        ++finished_;
        return;
    }
    result_->setPlainText(tr("Calling %1…").arg(tool));
    run_->setEnabled(false);
    controller_->gateway()->callMcpTool(
        tool, args.object(), this,
        [this, tool](bool ok, const QJsonObject &result, const QString &text) {
            if (!ok)
                result_->setPlainText(tr("Error: %1").arg(text));
            else if (result.value(QLatin1String("isError")).toBool())
                result_->setPlainText(tr("The tool failed:\n%1").arg(text));
            else
                result_->setPlainText(text);
            ++finished_;
            updateButtons();
        });
}

void McpPage::askToAdd() {
    McpServerDialog dialog({}, this);
    if (dialog.exec() == QDialog::Accepted) saveServer(dialog.entry(), /*create=*/true);
}

void McpPage::askToEdit() {
    const QJsonObject s = server(selectedServer());
    if (s.isEmpty()) return;
    McpServerDialog dialog(s.value(QLatin1String("config")).toObject(), this);
    if (dialog.exec() == QDialog::Accepted) saveServer(dialog.entry(), /*create=*/false);
}

void McpPage::askToRemove() {
    const QString name = selectedServer();
    if (name.isEmpty()) return;
    if (QMessageBox::question(this, tr("Remove MCP server"),
                              tr("Remove %1? Its tools are no longer offered, and its process "
                                 "is ended.")
                                  .arg(name)) != QMessageBox::Yes)
        return;
    removeServer(name);
}

}  // namespace gatehouse
