#include "DashboardPage.h"

#include "ChatProbe.h"
#include "GatewayController.h"
#include "MetricsSampler.h"
#include "store/LogStore.h"
#include "widgets/ConnectPanel.h"
#include "widgets/Sparkline.h"
#include "widgets/SpendPanel.h"

#include <QDateTime>

#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace gatehouse {

DashboardPage::DashboardPage(GatewayController *controller, MetricsSampler *sampler,
                             QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      sampler_(sampler),
      rps_(new Sparkline(tr("Requests / s"), this)),
      p50_(new Sparkline(tr("Latency p50 (last minute)"), this)),
      p99_(new Sparkline(tr("Latency p99 (last minute)"), this)),
      errors_(new Sparkline(tr("Error rate"), this)),
      top_(new QLabel(this)),
      welcome_(new QLabel(this)),
      test_(new QPushButton(QIcon(QStringLiteral(":/gatehouse/icons/send.svg")),
                            tr("Send test request"), this)),
      answer_(new QPlainTextEdit(this)),
      probe_(new ChatProbe(this)),
      connect_(new ConnectPanel(this)),
      spend_(new SpendPanel(controller, this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Dashboard</h2>"), this));
    welcome_->setWordWrap(true);
    welcome_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(welcome_);
    layout->addWidget(connect_);

    auto *charts = new QGridLayout;
    charts->setSpacing(12);
    charts->addWidget(rps_, 0, 0);
    charts->addWidget(errors_, 0, 1);
    charts->addWidget(p50_, 1, 0);
    charts->addWidget(p99_, 1, 1);
    errors_->setColor(QColor(0xc0, 0x39, 0x2b));
    p50_->setColor(QColor(0x2a, 0x8c, 0x8c));
    p99_->setColor(QColor(0x9b, 0x59, 0xb6));
    for (Sparkline *chart : {rps_, errors_, p50_, p99_})
        chart->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    layout->addLayout(charts, 1);
    layout->addWidget(spend_);

    auto *bottom = new QHBoxLayout;
    auto *topBox = new QGroupBox(this);
    topBox_ = topBox;
    auto *topLayout = new QVBoxLayout(topBox);
    top_->setTextFormat(Qt::RichText);
    top_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    topLayout->addWidget(top_);
    bottom->addWidget(topBox, 1);

    auto *testBox = new QGroupBox(tr("Try it"), this);
    auto *testLayout = new QVBoxLayout(testBox);
    auto *testRow = new QHBoxLayout;
    auto *hint =
        new QLabel(tr("A chat completion to <tt>mock/echo</tt> through the gateway."), testBox);
    hint->setWordWrap(true);
    testRow->addWidget(hint, 1);
    testRow->addWidget(test_);
    testLayout->addLayout(testRow);
    answer_->setReadOnly(true);
    answer_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    answer_->setPlaceholderText(tr("The answer shows here."));
    answer_->setMaximumHeight(110);
    testLayout->addWidget(answer_);
    bottom->addWidget(testBox, 2);
    layout->addLayout(bottom);

    connect(test_, &QPushButton::clicked, this, &DashboardPage::sendTestRequest);
    connect(sampler_, &MetricsSampler::sampled, this, &DashboardPage::refresh);
    connect(controller_, &GatewayController::started, this, &DashboardPage::refresh);
    connect(controller_, &GatewayController::stopped, this, &DashboardPage::refresh);
    refresh();
}

QString DashboardPage::topText() const {
    return top_->text();
}

QString DashboardPage::testAnswer() const {
    return answer_->toPlainText();
}

void DashboardPage::refresh() {
    const bool running = controller_->isRunning();
    const QString base = controller_->gateway()->baseUrl();
    welcome_->setText(
        running ? tr("Point clients at the base URLs below. Name models as "
                     "<tt>provider/model</tt>, e.g. <tt>mock/echo</tt>, <tt>mock/tool</tt> or "
                     "<tt>openai/gpt-4o-mini</tt>.")
                : tr("The gateway is stopped. Start it with the ▶ button in the toolbar.") +
                      (controller_->lastError().isEmpty()
                           ? QString()
                           : QStringLiteral("<br><span style='color:#c0392b'>%1</span>")
                                 .arg(controller_->lastError().toHtmlEscaped())));
    test_->setEnabled(running);
    connect_->setBaseUrl(base);
    connect_->setEnabled(running);

    QVector<double> rps, p50, p99, errors;
    QHash<QString, quint64> byProvider;
    const auto &samples = sampler_->samples();
    const qint64 minuteAgo = samples.empty() ? 0 : samples.back().atMs - 60000;
    for (const MetricsSample &s : samples) {
        rps << s.requestsPerSecond;
        p50 << s.p50Ms;
        p99 << s.p99Ms;
        errors << s.errorRate * 100.0;
        if (s.atMs >= minuteAgo)
            for (auto it = s.requestsByProvider.cbegin(); it != s.requestsByProvider.cend(); ++it)
                byProvider[it.key()] += it.value();
    }
    const MetricsSample last = sampler_->latest();
    rps_->setValues(rps, QStringLiteral("%1").arg(last.requestsPerSecond, 0, 'f', 1));
    auto ms = [](double v) {
        return v <= 0 ? QStringLiteral("—") : QStringLiteral("≤ %1 ms").arg(v, 0, 'g', 4);
    };
    // The figures cover the last minute, not the last half second: a
    // request now and then still shows how long it took.
    p50_->setValues(p50, ms(sampler_->recentQuantileMs(60000, 0.5)));
    p99_->setValues(p99, ms(sampler_->recentQuantileMs(60000, 0.99)));
    errors_->setValues(errors, QStringLiteral("%1 %").arg(last.errorRate * 100.0, 0, 'f', 1));

    // Models from the request log when it is on; else providers from the metrics.
    const QHash<QString, quint64> models = recentModels();
    const bool haveLog = controller_->gateway()->logs() != nullptr;
    topBox_->setTitle(haveLog ? tr("Top models (last 5 minutes)")
                              : tr("Busiest providers (last minute)"));
    if (haveLog) byProvider = models;
    QList<QPair<QString, quint64>> ranked;
    for (auto it = byProvider.cbegin(); it != byProvider.cend(); ++it)
        ranked.append({it.key(), it.value()});
    std::sort(ranked.begin(), ranked.end(),
              [](const auto &a, const auto &b) { return a.second > b.second; });
    QString html;
    for (int i = 0; i < std::min<qsizetype>(5, ranked.size()); ++i)
        html += QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;&nbsp;%2</td></tr>")
                    .arg(ranked[i].first.toHtmlEscaped())
                    .arg(ranked[i].second);
    top_->setText(html.isEmpty() ? tr("No requests lately.")
                                 : QStringLiteral("<table>%1</table>").arg(html));
}

QHash<QString, quint64> DashboardPage::recentModels() {
    LogStore *logs = controller_->gateway()->logs();
    if (logs != feedOf_) {
        feedOf_ = logs;
        feedSeq_ = 0;
        recent_.clear();
    }
    if (logs) {
        for (;;) {
            const LiveFeed::Batch batch = logs->feed().since(feedSeq_, 5000);
            feedSeq_ = batch.nextSeq;
            for (const LiveFeed::Event &e : batch.events) {
                if (!e.request || e.request->model.isEmpty()) continue;
                const qint64 second = e.request->startedAtMs / 1000;
                if (recent_.empty() || recent_.back().first != second)
                    recent_.emplace_back(second, QHash<QString, quint64>{});
                ++recent_.back().second[e.request->provider + QLatin1Char('/') + e.request->model];
            }
            if (batch.events.size() < 5000) break;
        }
    }
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() / 1000 - 5 * 60;
    while (!recent_.empty() && recent_.front().first < cutoff) recent_.pop_front();
    QHash<QString, quint64> counts;
    for (const auto &bucket : recent_)
        for (auto it = bucket.second.cbegin(); it != bucket.second.cend(); ++it)
            counts[it.key()] += it.value();
    return counts;
}

void DashboardPage::sendTestRequest() {
    test_->setEnabled(false);
    answer_->setPlainText(tr("Sending…"));
    probe_->send(
        controller_->gateway()->baseUrl(), QStringLiteral("mock/echo"),
        QStringLiteral("Hello from the Gatehouse control panel"), 0,
        [this](const ChatProbeResult &r) {
            test_->setEnabled(controller_->isRunning());
            const bool ok = r.ok && !r.text.isEmpty();
            if (ok)
                answer_->setPlainText(
                    tr("HTTP %1 in %2 ms:\n%3").arg(r.status).arg(r.elapsedMs).arg(r.text));
            else
                answer_->setPlainText(tr("Failed (HTTP %1): %2").arg(r.status).arg(r.error));
            emit testFinished(ok);
        });
}

}  // namespace gatehouse
