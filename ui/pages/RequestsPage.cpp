#include "RequestsPage.h"

#include "GatewayController.h"
#include "models/RequestTableModel.h"
#include "store/LogStore.h"
#include "trace/TraceJson.h"
#include "widgets/RequestDetail.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {
constexpr int kPageSize = 100;
}

RequestsPage::RequestsPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      model_(new RequestTableModel(2000, this)),
      table_(new QTableView(this)),
      detail_(new RequestDetail(controller, this)),
      text_(new QLineEdit(this)),
      status_(new QComboBox(this)),
      cost_(new QComboBox(this)),
      live_(new QToolButton(this)),
      older_(new QToolButton(this)),
      newer_(new QToolButton(this)),
      page_(new QLabel(this)),
      empty_(new QLabel(this)),
      timer_(new QTimer(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Requests</h2>"), this));
    auto *bar = new QHBoxLayout;
    text_->setPlaceholderText(tr("Filter by id, model, error, endpoint…"));
    text_->setClearButtonEnabled(true);
    status_->addItem(tr("Any status"), QString());
    status_->addItem(tr("Succeeded"), QStringLiteral("ok"));
    status_->addItem(tr("Failed"), QStringLiteral("error"));
    status_->addItem(QStringLiteral("4xx"), QStringLiteral("4xx"));
    status_->addItem(QStringLiteral("5xx"), QStringLiteral("5xx"));
    // The expensive ones: what cost at least this much (unpriced ones drop out).
    cost_->addItem(tr("Any cost"), -1.0);
    for (double usd : {0.001, 0.01, 0.1, 1.0})
        cost_->addItem(tr("Cost ≥ $%1").arg(QString::number(usd)), usd);
    cost_->setToolTip(tr("Requests that cost at least this much (those without a price drop out)"));
    live_->setText(tr("Live"));
    live_->setCheckable(true);
    live_->setChecked(true);
    live_->setToolTip(tr("Follow new requests as they come; untick to page through the store"));
    older_->setText(tr("Older"));
    newer_->setText(tr("Newer"));
    for (QToolButton *b : {live_, older_, newer_}) b->setAutoRaise(true);
    bar->addWidget(text_, 1);
    bar->addWidget(status_);
    bar->addWidget(cost_);
    bar->addWidget(live_);
    bar->addWidget(newer_);
    bar->addWidget(older_);
    bar->addWidget(page_);
    layout->addLayout(bar);

    table_->setModel(model_);
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm = fontMetrics();
    table_->setColumnWidth(RequestTableModel::Time,
                           fm.horizontalAdvance(QStringLiteral("00:00:00.000___")));
    table_->setColumnWidth(RequestTableModel::Endpoint,
                           fm.horizontalAdvance(QStringLiteral("/v1/chat/completions___")));
    table_->setColumnWidth(RequestTableModel::Target,
                           fm.horizontalAdvance(QStringLiteral("openai/gpt-4o-mini-2024___")));
    table_->verticalHeader()->setDefaultSectionSize(fm.height() + 6);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setObjectName(QStringLiteral("requestsEmpty"));

    auto *split = new QSplitter(Qt::Vertical, this);
    auto *top = new QWidget(split);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(empty_);
    topLayout->addWidget(table_, 1);
    split->addWidget(top);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    auto refilter = [this] {
        offset_ = 0;
        if (isLive()) {
            model_->clear();
            nextSeq_ = 0;  // the feed still has the recent ones
            pollFeed();
        } else {
            query();
        }
    };
    connect(text_, &QLineEdit::textChanged, this, refilter);
    connect(status_, &QComboBox::currentIndexChanged, this, refilter);
    connect(cost_, &QComboBox::currentIndexChanged, this, refilter);
    connect(live_, &QToolButton::toggled, this, refilter);
    connect(older_, &QToolButton::clicked, this, [this] {
        live_->setChecked(false);
        if (offset_ + kPageSize < total_) offset_ += kPageSize;
        query();
    });
    connect(newer_, &QToolButton::clicked, this, [this] {
        offset_ = std::max(0, offset_ - kPageSize);
        if (!isLive()) query();
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RequestsPage::onSelection);
    connect(timer_, &QTimer::timeout, this, &RequestsPage::pollFeed);
    timer_->start(250);
    connect(controller_, &GatewayController::started, this, &RequestsPage::attach);
    connect(controller_, &GatewayController::stopped, this, &RequestsPage::attach);
    connect(controller_, &GatewayController::gatewayChanged, this, &RequestsPage::attach);
    attach();
}

bool RequestsPage::isLive() const {
    return live_->isChecked();
}

QString RequestsPage::pageText() const {
    return page_->text();
}

void RequestsPage::attach() {
    store_ = controller_->gateway()->logs();
    nextSeq_ = 0;
    model_->clear();
    detail_->showSummary({});
    const bool running = controller_->isRunning();
    empty_->setText(!running  ? tr("The gateway is stopped. Start it to see its requests.")
                    : !store_ ? tr("Request logging is off (\"enable_logging\": false in "
                                   "config.json's \"client\"), so no requests are kept.")
                              : tr("No requests yet. Send one (Dashboard → Send test request, "
                                   "or the README's curl) and it appears here live."));
    empty_->setVisible(true);
    if (!isLive()) query();
}

bool RequestsPage::matchesFilter(const QJsonObject &row) const {
    const int status = row.value(QLatin1String("status")).toInt();
    const QString wanted = status_->currentData().toString();
    if (wanted == QLatin1String("ok") && status >= 400) return false;
    if (wanted == QLatin1String("error") && status < 400) return false;
    if (wanted == QLatin1String("4xx") && (status < 400 || status >= 500)) return false;
    if (wanted == QLatin1String("5xx") && status < 500) return false;
    const double minCost = cost_->currentData().toDouble();
    if (minCost >= 0) {
        const QJsonValue cost = row.value(QLatin1String("cost_usd"));
        if (!cost.isDouble() || cost.toDouble() < minCost) return false;
    }
    const QString text = text_->text().trimmed();
    if (text.isEmpty()) return true;
    for (const char *key : {"id", "model", "error", "endpoint", "provider", "client"})
        if (row.value(QLatin1String(key)).toString().contains(text, Qt::CaseInsensitive))
            return true;
    return false;
}

void RequestsPage::pollFeed() {
    if (!store_ || !isLive()) return;
    QList<QJsonObject> rows;
    for (;;) {
        const LiveFeed::Batch batch = store_->feed().since(nextSeq_, 1000);
        nextSeq_ = batch.nextSeq;
        for (const LiveFeed::Event &e : batch.events)
            if (e.request) {
                const QJsonObject row = traceSummaryJson(*e.request);
                if (matchesFilter(row)) rows.append(row);
            }
        if (batch.events.size() < 1000) break;
    }
    if (rows.isEmpty()) return;
    empty_->setVisible(false);
    model_->prependLive(rows);
    page_->setText(tr("live, %1 shown").arg(model_->rowCount()));
}

void RequestsPage::query() {
    if (!store_) return;
    LogFilter filter;
    filter.text = text_->text().trimmed();
    filter.status = status_->currentData().toString();
    if (const double minCost = cost_->currentData().toDouble(); minCost >= 0)
        filter.minCostNanoUsd = qRound64(minCost * 1e9);
    filter.limit = kPageSize;
    filter.offset = offset_;
    store_->list(this, filter, [this](bool ok, const LogPage &page, const QString &error) {
        if (isLive()) return;  // the user went back to live meanwhile
        if (!ok) {
            page_->setText(tr("query failed: %1").arg(error));
            return;
        }
        QList<QJsonObject> rows;
        for (const QJsonValue &v : page.rows) rows.append(v.toObject());
        model_->setRows(rows);
        total_ = page.total;
        empty_->setVisible(rows.isEmpty());
        page_->setText(page.total == 0
                           ? tr("none")
                           : tr("%1–%2 of %3")
                                 .arg(page.offset + 1)
                                 .arg(page.offset + rows.size())
                                 .arg(page.totalIsExact ? QString::number(page.total)
                                                        : tr("more than %1").arg(page.total)));
    });
}

void RequestsPage::onSelection() {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const QJsonObject row = model_->rowAt(rows.first().row());
    detail_->showSummary(row);
    currentId_ = row.value(QLatin1String("id")).toString();
    loadRecord(currentId_, 4);
}

void RequestsPage::openRequest(const QString &id) {
    const int row = model_->rowOfId(id);
    if (row >= 0) {
        table_->selectRow(row);
        return;
    }
    currentId_ = id;
    loadRecord(id, 4);
}

void RequestsPage::loadRecord(const QString &id, int attemptsLeft) {
    if (!store_ || id.isEmpty()) return;
    store_->get(this, id,
                [this, id, attemptsLeft](bool ok, const std::optional<QJsonObject> &record,
                                         const QString &error) {
                    if (id != currentId_) return;  // another request was picked meanwhile
                    if (!ok) {
                        detail_->showNote(tr("Could not read the request: %1").arg(error));
                        return;
                    }
                    if (!record) {
                        // Written in batches by the log writer: it lands in a moment.
                        if (attemptsLeft > 0) {
                            detail_->showNote(tr("Being written to the store…"));
                            QTimer::singleShot(300, this, [this, id, attemptsLeft] {
                                loadRecord(id, attemptsLeft - 1);
                            });
                        } else {
                            detail_->showNote(tr("This request is not in the store."));
                        }
                        return;
                    }
                    detail_->showRecord(*record);
                    emit recordShown(id);
                });
}

}  // namespace gatehouse
