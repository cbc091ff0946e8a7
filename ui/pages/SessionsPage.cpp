#include "SessionsPage.h"

#include "AgentNames.h"
#include "Gateway.h"
#include "GatewayController.h"
#include "store/LogStore.h"
#include "widgets/CacheRatioChart.h"

#include <QColor>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

constexpr int kRefreshMs = 5000;

QString percent(const QJsonValue &ratio) {
    return ratio.isDouble() ? QStringLiteral("%1%").arg(ratio.toDouble() * 100.0, 0, 'f', 0)
                            : QStringLiteral("–");
}

QString usd(const QJsonValue &cost) {
    if (!cost.isDouble()) return QStringLiteral("–");
    const double v = cost.toDouble();
    return QStringLiteral("$") + QString::number(v, 'f', v < 0.01 && v > 0 ? 4 : 2);
}

QString duration(qint64 ms) {
    if (ms < 60'000) return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
    if (ms < 3'600'000) return QStringLiteral("%1 min").arg(ms / 60'000);
    return QStringLiteral("%1 h %2 min").arg(ms / 3'600'000).arg((ms / 60'000) % 60);
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment align = Qt::AlignLeft) {
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(align | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

// A turn's prompt-cache report: "missed: why" in red (every reason in the
// tooltip), "kept" when it read what the turn before left, empty when there
// was nothing to compare with.
QTableWidgetItem *cacheReportCell(const QJsonObject &report) {
    auto *item = new QTableWidgetItem;
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (report.isEmpty()) return item;
    if (!report.value(QLatin1String("missed")).toBool()) {
        item->setText(QCoreApplication::translate("SessionsPage", "kept"));
        return item;
    }
    QStringList reasons;
    for (const QJsonValue &r : report.value(QLatin1String("reasons")).toArray())
        reasons << r.toString();
    item->setText(QCoreApplication::translate("SessionsPage", "missed: %1")
                      .arg(reasons.join(QStringLiteral("; "))));
    item->setForeground(QColor(0xc6, 0x28, 0x28));
    item->setToolTip(
        QCoreApplication::translate("SessionsPage",
                                    "Read %1 cached tokens where the turn before left %2:\n- %3")
            .arg(report.value(QLatin1String("cached")).toInteger())
            .arg(report.value(QLatin1String("expected_cached")).toInteger())
            .arg(reasons.join(QStringLiteral("\n- "))));
    return item;
}

QTableWidget *table(int columns, const QStringList &headers, QWidget *parent) {
    auto *t = new QTableWidget(0, columns, parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

}  // namespace

SessionsPage::SessionsPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      agent_(new QComboBox(this)),
      window_(new QComboBox(this)),
      sessions_(table(SessionColumnCount,
                      {tr("Agent"), tr("Session"), tr("Models"), tr("Turns"), tr("Input tokens"),
                       tr("Cache hit"), tr("Cost"), tr("Duration"), tr("Last activity")},
                      this)),
      turns_(table(
          TurnColumnCount,
          {tr("#"), tr("Time"), tr("Model"), tr("Status"), tr("Input"), tr("Cache read"),
           tr("Cache write"), tr("Uncached"), tr("Hit"), tr("Cost"), tr("Latency"), tr("Cache")},
          this)),
      chart_(new CacheRatioChart(this)),
      empty_(new QLabel(this)),
      detail_(new QLabel(this)),
      timer_(new QTimer(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Agent sessions</h2>"), this));
    auto *filters = new QHBoxLayout;
    agent_->addItem(tr("All agents"), QString());
    for (const char *a : {"claude-code", "codex", "gemini-cli", "openai-agents"})
        agent_->addItem(agentTitle(QLatin1String(a)), QLatin1String(a));
    window_->addItem(tr("Last 24 hours"), 1);
    window_->addItem(tr("Last 7 days"), 7);
    window_->addItem(tr("Last 30 days"), 30);
    window_->setCurrentIndex(1);
    auto *reload = new QToolButton(this);
    reload->setText(tr("Refresh"));
    filters->addWidget(agent_);
    filters->addWidget(window_);
    filters->addWidget(reload);
    filters->addStretch(1);
    layout->addLayout(filters);
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setEnabled(false);
    layout->addWidget(empty_);

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    detail_->setWordWrap(true);
    lowerLayout->addWidget(detail_);
    lowerLayout->addWidget(chart_);
    lowerLayout->addWidget(turns_, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(sessions_);
    split->addWidget(lower);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &SessionsPage::refresh);
    connect(reload, &QToolButton::clicked, this, &SessionsPage::refresh);
    connect(agent_, &QComboBox::currentIndexChanged, this, &SessionsPage::refresh);
    connect(window_, &QComboBox::currentIndexChanged, this, &SessionsPage::refresh);
    connect(sessions_, &QTableWidget::itemSelectionChanged, this, &SessionsPage::loadTurns);
    connect(turns_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QTableWidgetItem *item = turns_->item(row, Turn);
        if (item) emit requestActivated(item->data(Qt::UserRole).toString());
    });
    connect(controller_, &GatewayController::started, this, &SessionsPage::refresh);
    connect(controller_, &GatewayController::gatewayChanged, this, &SessionsPage::refresh);
    refresh();
}

void SessionsPage::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    refresh();
    timer_->start();
}

void SessionsPage::hideEvent(QHideEvent *event) {
    QWidget::hideEvent(event);
    timer_->stop();
}

QString SessionsPage::emptyText() const {
    return empty_->isVisible() || sessions_->rowCount() == 0 ? empty_->text() : QString();
}

QString SessionsPage::selectedSession() const {
    const int row = sessions_->currentRow();
    const QTableWidgetItem *item = row >= 0 ? sessions_->item(row, Session) : nullptr;
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void SessionsPage::selectSession(const QString &id) {
    for (int row = 0; row < sessions_->rowCount(); ++row)
        if (sessions_->item(row, Session)->data(Qt::UserRole).toString() == id)
            sessions_->selectRow(row);
}

void SessionsPage::refresh() {
    LogStore *logs = controller_->gateway()->logs();
    if (!logs) {
        showSessions({});
        empty_->setText(
            tr("Sessions come from the request log, which is off "
               "(\"enable_logging\": false in config.json)."));
        emit refreshed();
        return;
    }
    SessionReader::Filter filter;
    filter.untilMs = QDateTime::currentMSecsSinceEpoch() + 1;
    filter.sinceMs = filter.untilMs - qint64(window_->currentData().toInt()) * 86'400'000;
    filter.agent = agent_->currentData().toString();
    filter.limit = 200;
    // Only the newest question's answer shows: an older one still on its
    // way (a slow store, a refresh per keystroke) must not overwrite it.
    const quint64 asked = ++generation_;
    logs->sessions(this, filter,
                   [this, asked](bool ok, const QJsonArray &rows, const QString &error) {
                       if (asked != generation_) return;
                       showSessions(ok ? rows : QJsonArray());
                       if (!ok)
                           empty_->setText(tr("The log store could not answer: %1").arg(error));
                       emit refreshed();
                   });
}

void SessionsPage::showSessions(const QJsonArray &rows) {
    const QString selected = selectedSession();
    {
        const QSignalBlocker quiet(sessions_);
        sessions_->setRowCount(int(rows.size()));
        const QLocale locale;
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject s = rows.at(i).toObject();
            QStringList models;
            for (const QJsonValue &m : s.value(QLatin1String("models")).toArray())
                models << m.toString();
            auto *id = cell(s.value(QLatin1String("id")).toString().left(13));
            id->setData(Qt::UserRole, s.value(QLatin1String("id")).toString());
            id->setToolTip(s.value(QLatin1String("id")).toString());
            sessions_->setItem(i, Agent,
                               cell(agentTitle(s.value(QLatin1String("agent")).toString())));
            sessions_->setItem(i, Session, id);
            sessions_->setItem(i, Models, cell(models.join(QStringLiteral(", "))));
            sessions_->setItem(
                i, Turns,
                cell(QString::number(s.value(QLatin1String("turns")).toInt()), Qt::AlignRight));
            const QJsonObject tokens = s.value(QLatin1String("tokens")).toObject();
            sessions_->setItem(
                i, Input,
                cell(locale.toString(tokens.value(QLatin1String("prompt")).toInteger()),
                     Qt::AlignRight));
            sessions_->setItem(
                i, CacheHit,
                cell(percent(s.value(QLatin1String("cache_hit_ratio"))), Qt::AlignRight));
            sessions_->setItem(i, Cost,
                               cell(usd(s.value(QLatin1String("cost_usd"))), Qt::AlignRight));
            sessions_->setItem(
                i, Duration,
                cell(duration(s.value(QLatin1String("duration_ms")).toInteger()), Qt::AlignRight));
            sessions_->setItem(i, LastActivity,
                               cell(QDateTime::fromMSecsSinceEpoch(
                                        s.value(QLatin1String("last_activity_ms")).toInteger())
                                        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
        }
    }
    empty_->setVisible(rows.isEmpty());
    empty_->setText(rows.isEmpty() ? tr("No agent sessions in this window. Requests from Claude "
                                        "Code, Codex and Gemini CLI (or with an "
                                        "x-gatehouse-session-id header) are grouped here.")
                                   : QString());
    if (!selected.isEmpty()) selectSession(selected);
    if (selectedSession().isEmpty() && !rows.isEmpty()) sessions_->selectRow(0);
    if (selectedSession() != shownTurnsOf_ || !selected.isEmpty()) loadTurns();
}

void SessionsPage::loadTurns() {
    const QString id = selectedSession();
    LogStore *logs = controller_->gateway()->logs();
    if (id.isEmpty() || !logs) {
        shownTurnsOf_.clear();
        showTurns({});
        return;
    }
    LogFilter filter;
    filter.sessionId = id;
    filter.sortBy = QStringLiteral("time");
    filter.descending = false;
    filter.limit = 1000;
    logs->list(this, filter, [this, id](bool ok, const LogPage &page, const QString &) {
        if (id != selectedSession()) return;  // another was picked meanwhile
        shownTurnsOf_ = id;
        showTurns(ok ? page.rows : QJsonArray());
    });
}

// A turn whose prompt the server likely cut short (its context_warning):
// the row in red, a sign by its input tokens, the explanation on hover.
void SessionsPage::markCutPrompt(int row, const QString &warning) {
    if (warning.isEmpty()) return;
    for (int column = 0; column < TurnColumnCount; ++column) {
        QTableWidgetItem *item = turns_->item(row, column);
        if (!item) continue;
        item->setForeground(QColor(0xc6, 0x28, 0x28));
        if (column != CacheMiss) item->setToolTip(warning);
    }
    if (QTableWidgetItem *input = turns_->item(row, TurnInput))
        input->setText(QStringLiteral("\u26a0 ") + input->text());
}

void SessionsPage::showTurns(const QJsonArray &turns) {
    QList<std::optional<double>> ratios;
    const QLocale locale;
    qint64 cached = 0, prompt = 0;
    turns_->setRowCount(int(turns.size()));
    for (int i = 0; i < turns.size(); ++i) {
        const QJsonObject t = turns.at(i).toObject();
        const QJsonObject usage = t.value(QLatin1String("usage")).toObject();
        const bool counted = usage.value(QLatin1String("prompt_tokens")).isDouble();
        const qint64 in = usage.value(QLatin1String("prompt_tokens")).toInteger();
        const qint64 read = usage.value(QLatin1String("cached_tokens")).toInteger();
        const qint64 write = usage.value(QLatin1String("cache_write_tokens")).toInteger();
        std::optional<double> ratio;
        if (counted && in > 0) ratio = double(read) / double(in);
        ratios << ratio;
        if (counted) {
            cached += read;
            prompt += in;
        }
        auto *number = cell(QString::number(i + 1), Qt::AlignRight);
        number->setData(Qt::UserRole, t.value(QLatin1String("id")).toString());
        turns_->setItem(i, Turn, number);
        turns_->setItem(
            i, Time,
            cell(QDateTime::fromMSecsSinceEpoch(t.value(QLatin1String("time_ms")).toInteger())
                     .toString(QStringLiteral("HH:mm:ss"))));
        turns_->setItem(i, Model,
                        cell(t.value(QLatin1String("provider")).toString() + QLatin1Char('/') +
                             t.value(QLatin1String("model")).toString()));
        turns_->setItem(
            i, Status,
            cell(QString::number(t.value(QLatin1String("status")).toInt()), Qt::AlignRight));
        const auto count = [&](qint64 n) {
            return counted ? locale.toString(n) : QStringLiteral("–");
        };
        turns_->setItem(i, TurnInput, cell(count(in), Qt::AlignRight));
        turns_->setItem(i, CacheRead, cell(count(read), Qt::AlignRight));
        turns_->setItem(i, CacheWrite, cell(count(write), Qt::AlignRight));
        turns_->setItem(i, Uncached,
                        cell(count(qMax<qint64>(0, in - read - write)), Qt::AlignRight));
        turns_->setItem(i, TurnHit,
                        cell(ratio ? percent(*ratio) : QStringLiteral("–"), Qt::AlignRight));
        turns_->setItem(i, TurnCost, cell(usd(t.value(QLatin1String("cost_usd"))), Qt::AlignRight));
        turns_->setItem(
            i, Latency,
            cell(QStringLiteral("%1 s").arg(
                     t.value(QLatin1String("latency_ms")).toDouble() / 1000.0, 0, 'f', 1),
                 Qt::AlignRight));
        turns_->setItem(i, CacheMiss,
                        cacheReportCell(t.value(QLatin1String("prompt_cache")).toObject()));
        markCutPrompt(i, t.value(QLatin1String("context_warning")).toString());
    }
    chart_->setRatios(ratios);
    detail_->setText(turns.isEmpty()
                         ? QString()
                         : tr("%n turn(s); %1 of the input read from the provider's prompt cache.",
                              nullptr, int(turns.size()))
                               .arg(prompt > 0 ? percent(double(cached) / double(prompt))
                                               : QStringLiteral("–")));
    emit turnsShown();
}

}  // namespace gatehouse
