#include "ModelAliasesEditor.h"

#include "Gateway.h"
#include "GatewayController.h"
#include "store/ConfigEdits.h"
#include "store/ConfigStore.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

ModelAliasesEditor::ModelAliasesEditor(GatewayController *controller, QWidget *parent)
    : QGroupBox(tr("Model aliases"), parent),
      controller_(controller),
      table_(new QTableWidget(0, ColumnCount, this)),
      add_(new QToolButton(this)),
      remove_(new QToolButton(this)),
      apply_(new QToolButton(this)),
      message_(new QLabel(this)) {
    setObjectName(QStringLiteral("modelAliases"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Send a model name an agent insists on to any provider: Claude Code's "
           "\"claude-sonnet-*\" to a local model, say. A name beats a glob (* and ?); among "
           "globs the first wins. Formats: openai-chat, openai-responses, anthropic-messages, "
           "gemini (blank: all)."),
        this);
    intro->setWordWrap(true);
    intro->setEnabled(false);
    layout->addWidget(intro);
    table_->setHorizontalHeaderLabels(
        {tr("Model name or glob"), tr("Goes to (provider/model)"), tr("Client formats")});
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setMinimumHeight(110);
    layout->addWidget(table_);
    auto *buttons = new QHBoxLayout;
    add_->setText(tr("Add"));
    remove_->setText(tr("Remove"));
    apply_->setText(tr("Apply"));
    buttons->addWidget(add_);
    buttons->addWidget(remove_);
    buttons->addWidget(apply_);
    buttons->addWidget(message_, 1);
    message_->setWordWrap(true);
    layout->addLayout(buttons);

    connect(add_, &QToolButton::clicked, this, [this] {
        addRow();
        table_->editItem(table_->item(table_->rowCount() - 1, Match));
    });
    connect(remove_, &QToolButton::clicked, this, [this] {
        const int row = table_->currentRow();
        if (row < 0) return;
        table_->removeRow(row);
        modified_ = true;
    });
    connect(apply_, &QToolButton::clicked, this, &ModelAliasesEditor::apply);
    connect(table_, &QTableWidget::itemChanged, this, [this] { modified_ = true; });
    reload();
}

QString ModelAliasesEditor::message() const {
    return message_->text();
}

void ModelAliasesEditor::addRow(const QString &match, const QString &target,
                                const QString &endpoints) {
    const QSignalBlocker quiet(table_);
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, Match, new QTableWidgetItem(match));
    table_->setItem(row, Target, new QTableWidgetItem(target));
    table_->setItem(row, Endpoints, new QTableWidgetItem(endpoints));
    modified_ = true;
}

void ModelAliasesEditor::reload() {
    {
        const QSignalBlocker quiet(table_);
        table_->setRowCount(0);
        for (const ModelAlias &a : controller_->gateway()->config().client.modelAliases)
            addRow(a.match, a.target, a.endpoints.join(QStringLiteral(", ")));
    }
    modified_ = false;
}

void ModelAliasesEditor::apply() {
    ConfigStore *store = controller_->gateway()->configStore();
    if (!store) {
        showMessage(tr("Start the gateway first: aliases are kept in its store."), true);
        emit applied(false);
        return;
    }
    QJsonArray aliases;
    for (int row = 0; row < table_->rowCount(); ++row) {
        const auto text = [&](int column) {
            const QTableWidgetItem *item = table_->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        if (text(Match).isEmpty() && text(Target).isEmpty()) continue;  // a blank row
        QJsonObject alias{{QStringLiteral("match"), text(Match)},
                          {QStringLiteral("target"), text(Target)}};
        QJsonArray endpoints;
        for (const QString &e : text(Endpoints).split(QLatin1Char(','), Qt::SkipEmptyParts))
            endpoints.append(e.trimmed());
        if (!endpoints.isEmpty()) alias.insert(QStringLiteral("endpoints"), endpoints);
        aliases.append(alias);
    }
    const QString source = store->file()->sourcePath;
    const QString dir = source.isEmpty() ? QString() : QFileInfo(source).absolutePath();
    const QJsonObject body{
        {QStringLiteral("client"), QJsonObject{{QStringLiteral("model_aliases"), aliases}}}};
    store->change(ConfigEdits::putSections(body, dir), this,
                  [this, count = aliases.size()](const ConfigStore::Result &r) {
                      if (!r.ok()) {
                          // "client.model_aliases[1].target: ..." names the row (from 0).
                          const QString why = r.field.isEmpty() || r.error.contains(r.field)
                                                  ? r.error
                                                  : r.field + QStringLiteral(": ") + r.error;
                          showMessage(tr("Not applied, nothing changed: %1").arg(why), true);
                          emit applied(false);
                          return;
                      }
                      reload();
                      showMessage(count == 0 ? tr("No aliases: model names go on as sent.")
                                             : tr("Applied; new requests use them."),
                                  false);
                      emit applied(true);
                  });
}

void ModelAliasesEditor::showMessage(const QString &text, bool problem) {
    message_->setStyleSheet(problem ? QStringLiteral("color: #c0392b;")
                                    : QStringLiteral("color: #2e9d48;"));
    message_->setText(text);
}

}  // namespace gatehouse
