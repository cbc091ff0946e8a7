#include "HookLogPage.h"

#include "GatewayController.h"
#include "models/HookLogFilter.h"
#include "models/HookLogModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {
QComboBox *filterCombo(const QString &any, const QStringList &items, QWidget *parent) {
    auto *c = new QComboBox(parent);
    c->addItem(any, QString());
    for (const QString &i : items) c->addItem(i, i);
    c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    return c;
}
}  // namespace

HookLogPage::HookLogPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      model_(new HookLogModel(10000, 100, this)),
      filter_(new HookLogFilter(this)),
      table_(new QTableView(this)),
      plugin_(filterCombo(tr("All plugins"), {}, this)),
      hook_(filterCombo(tr("All hooks"),
                        {QStringLiteral("transportInterceptor"), QStringLiteral("preHook"),
                         QStringLiteral("postHook"), QStringLiteral("streamChunk"),
                         QStringLiteral("init"), QStringLiteral("cleanup")},
                        this)),
      outcome_(
          filterCombo(tr("All outcomes"),
                      {QStringLiteral("ok"), QStringLiteral("error"), QStringLiteral("threw"),
                       QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning")},
                      this)),
      text_(new QLineEdit(this)),
      pause_(new QToolButton(this)),
      clear_(new QToolButton(this)),
      count_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Hook log</h2>"), this));
    auto *bar = new QHBoxLayout;
    text_->setPlaceholderText(tr("Filter by text or request id"));
    text_->setClearButtonEnabled(true);
    pause_->setText(tr("Pause"));
    pause_->setCheckable(true);
    pause_->setIcon(QIcon(QStringLiteral(":/gatehouse/icons/pause.svg")));
    clear_->setText(tr("Clear"));
    clear_->setIcon(QIcon(QStringLiteral(":/gatehouse/icons/clear.svg")));
    for (QToolButton *b : {pause_, clear_}) {
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setAutoRaise(true);
    }
    bar->addWidget(plugin_);
    bar->addWidget(hook_);
    bar->addWidget(outcome_);
    bar->addWidget(text_, 1);
    bar->addWidget(pause_);
    bar->addWidget(clear_);
    layout->addLayout(bar);

    filter_->setSourceModel(model_);
    table_->setModel(filter_);
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: measuring 10,000 rows for ResizeToContents is too slow.
    const QFontMetrics fm = fontMetrics();
    table_->setColumnWidth(HookLogModel::Time,
                           fm.horizontalAdvance(QStringLiteral("00:00:00.000__")));
    table_->setColumnWidth(HookLogModel::RequestId,
                           fm.horizontalAdvance(QStringLiteral("gh-mwwvq1sm-mwwvq1sm-0000__")));
    table_->setColumnWidth(HookLogModel::Plugin,
                           fm.horizontalAdvance(QStringLiteral("header-policy___")));
    table_->setColumnWidth(HookLogModel::Hook,
                           fm.horizontalAdvance(QStringLiteral("transportInterceptor_____")));
    table_->setColumnWidth(HookLogModel::Duration,
                           fm.horizontalAdvance(QStringLiteral("000.00 ms__")));
    table_->setColumnWidth(HookLogModel::Outcome,
                           fm.horizontalAdvance(QStringLiteral("Outcome / level__")));
    table_->verticalHeader()->setDefaultSectionSize(fm.height() + 6);
    layout->addWidget(table_, 1);
    count_->setObjectName(QStringLiteral("hookLogCount"));
    layout->addWidget(count_);

    auto comboFilter = [](QComboBox *combo, auto setter) {
        connect(combo, &QComboBox::currentIndexChanged, combo,
                [combo, setter] { setter(combo->currentData().toString()); });
    };
    comboFilter(plugin_, [this](const QString &v) { filter_->setPlugin(v); });
    comboFilter(hook_, [this](const QString &v) { filter_->setHook(v); });
    comboFilter(outcome_, [this](const QString &v) { filter_->setOutcome(v); });
    connect(text_, &QLineEdit::textChanged, filter_, &HookLogFilter::setText);
    connect(pause_, &QToolButton::toggled, this, [this](bool paused) {
        model_->setPaused(paused);
        pause_->setText(paused ? tr("Resume") : tr("Pause"));
    });
    connect(clear_, &QToolButton::clicked, model_, &HookLogModel::clear);
    table_->setToolTip(tr("Double-click a line to open its request"));
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString id = filter_->index(index.row(), HookLogModel::RequestId).data().toString();
        if (!id.isEmpty()) emit requestActivated(id);
    });
    connect(model_, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { learnNames(first, last); });
    connect(model_, &QAbstractItemModel::rowsInserted, this, &HookLogPage::updateCount);
    connect(model_, &QAbstractItemModel::modelReset, this, &HookLogPage::updateCount);
    connect(filter_, &QAbstractItemModel::rowsInserted, this, &HookLogPage::updateCount);
    connect(controller_, &GatewayController::started, this, &HookLogPage::attach);
    connect(controller_, &GatewayController::gatewayChanged, this, &HookLogPage::attach);
    attach();
    updateCount();
}

void HookLogPage::attach() {
    model_->setManager(controller_->gateway()->plugins());
}

void HookLogPage::learnNames(int first, int last) {
    for (int row = first; row <= last; ++row) {
        const QString name = model_->entryAt(row).plugin;
        if (!name.isEmpty() && plugin_->findData(name) < 0) plugin_->addItem(name, name);
    }
}

void HookLogPage::updateCount() {
    if (model_->rowCount() == 0) {
        count_->setText(
            tr("No hook calls yet. Send a request to the gateway (Dashboard → "
               "Send test request) and its plugins' hook calls appear here live."));
        return;
    }
    count_->setText(tr("%1 of %2 rows shown (newest first, the last %3 kept)")
                        .arg(filter_->rowCount())
                        .arg(model_->rowCount())
                        .arg(10000));
}

}  // namespace gatehouse
