#include "SpendPanel.h"

#include "AgentNames.h"
#include "Gateway.h"
#include "GatewayController.h"
#include "Sparkline.h"
#include "models/RequestTableModel.h"
#include "store/LogStore.h"

#include <QDateTime>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

constexpr int kRefreshMs = 30 * 1000;

QString usd(double v) {
    return RequestTableModel::costText(QJsonValue(v));
}

// "openai/gpt-4o $1.23" lines of a stats grouping, the top few.
QString top(const QJsonArray &rows, int n) {
    QStringList lines;
    for (const QJsonValue &v : rows) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("cost_usd")).toDouble() <= 0) continue;
        lines << QStringLiteral("%1 %2").arg(o.value(QLatin1String("key")).toString(),
                                             usd(o.value(QLatin1String("cost_usd")).toDouble()));
        if (lines.size() == n) break;
    }
    return lines.join(QStringLiteral(", "));
}

}  // namespace

SpendPanel::SpendPanel(GatewayController *controller, QWidget *parent)
    : QGroupBox(tr("Spend"), parent),
      controller_(controller),
      today_(new QLabel(this)),
      month_(new QLabel(this)),
      breakdown_(new QLabel(this)),
      chart_(new Sparkline(tr("Per day this month"), this)),
      timer_(new QTimer(this)) {
    auto *layout = new QGridLayout(this);
    auto figure = [this](const QString &caption, QLabel *value) {
        auto *box = new QVBoxLayout;
        box->addWidget(new QLabel(caption, this));
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        value->setFont(big);
        box->addWidget(value);
        box->addStretch(1);
        return box;
    };
    layout->addLayout(figure(tr("Today"), today_), 0, 0);
    layout->addLayout(figure(tr("This month"), month_), 0, 1);
    layout->addWidget(chart_, 0, 2);
    layout->setColumnStretch(2, 1);
    breakdown_->setWordWrap(true);
    breakdown_->setTextFormat(Qt::RichText);
    layout->addWidget(breakdown_, 1, 0, 1, 3);
    chart_->setColor(QColor(0x27, 0xae, 0x60));
    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &SpendPanel::refresh);
    connect(controller_, &GatewayController::started, this, &SpendPanel::refresh);
    refresh();
}

void SpendPanel::showEvent(QShowEvent *event) {
    QGroupBox::showEvent(event);
    refresh();
    timer_->start();
}

void SpendPanel::refresh() {
    LogStore *logs = controller_->gateway()->logs();
    if (!logs) {
        today_->setText(QStringLiteral("—"));
        month_->setText(QStringLiteral("—"));
        breakdown_->setText(tr("Spend is read from the request log, which is off."));
        return;
    }
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime midnight(now.date(), QTime(0, 0));
    const QDateTime monthStart(QDate(now.date().year(), now.date().month(), 1), QTime(0, 0));
    LogReader::StatsWindow month;
    month.sinceMs = monthStart.toMSecsSinceEpoch();
    month.untilMs = now.toMSecsSinceEpoch() + 1;
    month.latency = false;
    LogReader::StatsWindow today = month;
    today.sinceMs = midnight.toMSecsSinceEpoch();
    logs->stats(this, today, [this](bool ok, const QJsonObject &stats, const QString &) {
        if (ok)
            today_->setText(
                usd(stats.value(QLatin1String("total")).toObject().value("cost_usd").toDouble()));
    });
    logs->stats(this, month, [this](bool ok, const QJsonObject &stats, const QString &error) {
        if (!ok) {
            breakdown_->setText(tr("Cannot read the spend: %1").arg(error.toHtmlEscaped()));
            return;
        }
        showMonth(stats);
        emit refreshed();
    });
}

void SpendPanel::showMonth(const QJsonObject &stats) {
    const QJsonObject total = stats.value(QLatin1String("total")).toObject();
    month_->setText(usd(total.value(QLatin1String("cost_usd")).toDouble()));
    QVector<double> perDay;
    QString last;
    for (const QJsonValue &d : stats.value(QLatin1String("days")).toArray()) {
        perDay << d.toObject().value(QLatin1String("cost_usd")).toDouble();
        last = usd(perDay.back());
    }
    chart_->setValues(perDay, last);
    QStringList providers;
    const QJsonObject byProvider = stats.value(QLatin1String("providers")).toObject();
    for (auto it = byProvider.begin(); it != byProvider.end(); ++it) {
        const double cost = it.value().toObject().value(QLatin1String("cost_usd")).toDouble();
        if (cost > 0) providers << QStringLiteral("%1 %2").arg(it.key(), usd(cost));
    }
    QStringList lines;
    if (!providers.isEmpty())
        lines << tr("<b>By provider:</b> %1")
                     .arg(providers.join(QStringLiteral(", ")).toHtmlEscaped());
    const QString models = top(stats.value(QLatin1String("models")).toArray(), 5);
    if (!models.isEmpty()) lines << tr("<b>Top models:</b> %1").arg(models.toHtmlEscaped());
    const QString keys = top(stats.value(QLatin1String("virtual_keys")).toArray(), 5);
    if (!keys.isEmpty()) lines << tr("<b>Virtual keys:</b> %1").arg(keys.toHtmlEscaped());
    const QString cacheSavings = promptCacheSavings(stats);
    if (!cacheSavings.isEmpty()) lines << cacheSavings;
    const qint64 unpriced = total.value(QLatin1String("unpriced_requests")).toInteger();
    if (unpriced > 0)
        lines << tr("%n request(s) this month have no price (see their cost note).", nullptr,
                    int(unpriced));
    if (lines.isEmpty()) lines << tr("No priced requests this month.");
    breakdown_->setText(lines.join(QStringLiteral("<br>")));
}

// "Prompt caches saved $4.10: Claude Code $3.90, Codex $0.20": what
// providers' prompt caches saved this month (cache writes' premium
// deducted), by coding agent.
QString SpendPanel::promptCacheSavings(const QJsonObject &stats) {
    const double total = stats.value(QLatin1String("total"))
                             .toObject()
                             .value(QLatin1String("prompt_cache_saved_usd"))
                             .toDouble();
    if (total == 0) return QString();
    QStringList agents;
    for (const QJsonValue &v : stats.value(QLatin1String("agents")).toArray()) {
        const QJsonObject o = v.toObject();
        const double saved = o.value(QLatin1String("prompt_cache_saved_usd")).toDouble();
        if (saved != 0)
            agents << QStringLiteral("%1 %2").arg(
                agentTitle(o.value(QLatin1String("key")).toString()), usd(saved));
    }
    QString line = tr("<b>Prompt caches saved:</b> %1").arg(usd(total));
    if (!agents.isEmpty())
        line += QStringLiteral(" (") + agents.join(QStringLiteral(", ")).toHtmlEscaped() + ')';
    return line;
}

QString SpendPanel::todayText() const {
    return today_->text();
}

QString SpendPanel::monthText() const {
    return month_->text();
}

QString SpendPanel::breakdownText() const {
    return breakdown_->text();
}

}  // namespace gatehouse
