#include "RequestDetail.h"

#include "GatewayController.h"
#include "JsonEditor.h"
#include "RequestCurl.h"
#include "TraceWaterfall.h"
#include "models/RequestTableModel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace gatehouse {

namespace {
QString pretty(const QJsonValue &v) {
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    return v.toString();
}
}  // namespace

RequestDetail::RequestDetail(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      summary_(new QLabel(this)),
      waterfall_(new TraceWaterfall(this)),
      tabs_(new QTabWidget(this)),
      request_(new JsonEditor(this)),
      response_(new JsonEditor(this)),
      logs_(new JsonEditor(this)),
      copy_(new QPushButton(tr("Copy as curl"), this)),
      replay_(new QPushButton(tr("Replay"), this)),
      network_(new QNetworkAccessManager(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setWordWrap(true);
    top->addWidget(summary_, 1);
    top->addWidget(copy_);
    top->addWidget(replay_);
    layout->addLayout(top);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(waterfall_);
    scroll->setWidgetResizable(true);
    scroll->setMaximumHeight(160);
    scroll->setFrameShape(QFrame::NoFrame);
    tabs_->addTab(scroll, tr("Trace"));
    for (JsonEditor *e : {request_, response_, logs_}) e->setReadOnly(true);
    tabs_->addTab(request_, tr("Request"));
    tabs_->addTab(response_, tr("Response"));
    tabs_->addTab(logs_, tr("Plugin log"));
    layout->addWidget(tabs_, 1);
    connect(copy_, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(curl()); });
    connect(replay_, &QPushButton::clicked, this, &RequestDetail::replay);
    showSummary({});
}

// "<br>Tokens: 1200 in (1024 cached), 300 out (256 reasoning) · $0.0123"
QString RequestDetail::spendLine(const QJsonObject &row) {
    const QJsonObject usage = row.value(QLatin1String("usage")).toObject();
    if (usage.isEmpty() && !row.value(QLatin1String("cost_usd")).isDouble()) return QString();
    auto n = [&](const char *key) { return usage.value(QLatin1String(key)).toInteger(); };
    QString in = QString::number(n("prompt_tokens"));
    QStringList inParts;
    if (n("cached_tokens") > 0) inParts << tr("%1 cached").arg(n("cached_tokens"));
    if (n("cache_write_tokens") > 0)
        inParts << tr("%1 written to the cache").arg(n("cache_write_tokens"));
    if (!inParts.isEmpty()) in += QStringLiteral(" (") + inParts.join(QStringLiteral(", ")) + ')';
    QString out = QString::number(n("completion_tokens"));
    if (n("reasoning_tokens") > 0) out += tr(" (%1 reasoning)").arg(n("reasoning_tokens"));
    QString cost;
    const QJsonValue usd = row.value(QLatin1String("cost_usd"));
    if (usd.isDouble()) {
        cost = RequestTableModel::costText(usd);
        const QJsonValue saved = row.value(QLatin1String("saved_usd"));
        if (saved.isDouble() && saved.toDouble() > 0)
            cost += tr(" (cache hit; saved %1)").arg(RequestTableModel::costText(saved));
    } else {
        cost = tr("cost unknown: %1").arg(row.value(QLatin1String("cost_note")).toString());
    }
    return QStringLiteral("<br>") +
           tr("Tokens: %1 in, %2 out · %3").arg(in, out, cost.toHtmlEscaped());
}

// "<br>Prompt cache missed: the system prompt changed" for a session turn
// that read less from the cache than the turn before left (CacheWatch).
QString RequestDetail::cacheLine(const QJsonObject &row) {
    const QJsonObject report = row.value(QLatin1String("prompt_cache")).toObject();
    if (!report.value(QLatin1String("missed")).toBool()) return QString();
    QStringList reasons;
    for (const QJsonValue &r : report.value(QLatin1String("reasons")).toArray())
        reasons << r.toString().toHtmlEscaped();
    return QStringLiteral("<br><span style=\"color:#c62828\">") +
           tr("Prompt cache missed (%1 of %2 tokens read): %3")
               .arg(report.value(QLatin1String("cached")).toInteger())
               .arg(report.value(QLatin1String("expected_cached")).toInteger())
               .arg(reasons.join(QStringLiteral("; "))) +
           QStringLiteral("</span>");
}

// "<br>Prompt probably cut short: ..." for a request whose prompt the
// server likely truncated (the log's context_warning, trace/ContextGuard.h).
QString RequestDetail::contextLine(const QJsonObject &row) {
    const QString warning = row.value(QLatin1String("context_warning")).toString();
    if (warning.isEmpty()) return QString();
    return QStringLiteral("<br><span style=\"color:#c62828\">\u26a0 ") + warning.toHtmlEscaped() +
           QStringLiteral("</span>");
}

QString RequestDetail::summaryText() const {
    return summary_->text();
}

void RequestDetail::showSummary(const QJsonObject &row) {
    record_ = row;
    const bool any = !row.isEmpty();
    setEnabled(any);
    summary_->setText(
        any ? QStringLiteral("<b>%1</b> %2 → %3/%4, status %5, %6 ms")
                  .arg(row.value(QLatin1String("id")).toString().toHtmlEscaped(),
                       row.value(QLatin1String("endpoint")).toString().toHtmlEscaped(),
                       row.value(QLatin1String("provider")).toString().toHtmlEscaped(),
                       row.value(QLatin1String("model")).toString().toHtmlEscaped())
                  .arg(row.value(QLatin1String("status")).toInt())
                  .arg(row.value(QLatin1String("latency_ms")).toDouble(), 0, 'f', 1)
            : tr("Select a request to see its trace."));
    if (any)
        summary_->setText(summary_->text() + spendLine(row) + cacheLine(row) + contextLine(row));
    // What a translation between wire formats left out (a "translate" span).
    for (const QJsonValue &span : row.value(QLatin1String("spans")).toArray())
        if (span[QLatin1String("kind")] == QLatin1String("translate"))
            summary_->setText(summary_->text() +
                              QStringLiteral("<br><i>%1</i>")
                                  .arg(span[QLatin1String("message")].toString().toHtmlEscaped()));
    waterfall_->setTrace(row.value(QLatin1String("spans")).toArray(),
                         qint64(row.value(QLatin1String("latency_ms")).toDouble() * 1000));
    request_->setPlainText(QString());
    response_->setPlainText(QString());
    logs_->setPlainText(QString());
    copy_->setEnabled(false);
    replay_->setEnabled(false);
}

void RequestDetail::showRecord(const QJsonObject &record) {
    showSummary(record);
    const QJsonValue body = record.value(QLatin1String("request_body"));
    request_->setPlainText(body.isNull() || body.isUndefined()
                               ? tr("(not kept: content logging is off)")
                               : pretty(body));
    const QJsonValue answer = record.value(QLatin1String("response_body"));
    response_->setPlainText(answer.isNull() || answer.isUndefined()
                                ? tr("(not kept: content logging is off)")
                                : pretty(answer));
    logs_->setPlainText(pretty(record.value(QLatin1String("plugin_logs"))));
    const bool replayable = body.isObject() && controller_->isRunning();
    copy_->setEnabled(body.isObject());
    replay_->setEnabled(replayable);
}

void RequestDetail::showNote(const QString &note) {
    request_->setPlainText(note);
    response_->setPlainText(note);
}

QString RequestDetail::curl() const {
    return curlCommand(controller_->gateway()->baseUrl(),
                       record_.value(QLatin1String("endpoint")).toString(),
                       record_.value(QLatin1String("request_body")));
}

QString RequestDetail::requestText() const {
    return request_->toPlainText();
}

QString RequestDetail::responseText() const {
    return response_->toPlainText();
}

void RequestDetail::replay() {
    const QJsonObject body = record_.value(QLatin1String("request_body")).toObject();
    QNetworkRequest request(QUrl(controller_->gateway()->baseUrl() +
                                 record_.value(QLatin1String("endpoint")).toString()));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    replay_->setEnabled(false);
    QNetworkReply *reply = network_->post(request, QJsonDocument(body).toJson());
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        replay_->setEnabled(true);
        emit replayed(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    });
}

}  // namespace gatehouse
