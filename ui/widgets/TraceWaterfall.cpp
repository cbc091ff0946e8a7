#include "TraceWaterfall.h"

#include <QJsonObject>
#include <QPainter>
#include <algorithm>

namespace gatehouse {

namespace {
constexpr int kRow = 22;
constexpr int kLabelWidth = 230;

QColor colorOf(const QString &kind, const QString &outcome) {
    if (outcome == QLatin1String("error") || outcome == QLatin1String("dropped"))
        return {0xc0, 0x39, 0x2b};
    if (kind == QLatin1String("provider")) return {0x3b, 0x7d, 0xd8};
    if (kind == QLatin1String("stream")) return {0x2a, 0x8c, 0x8c};
    if (kind == QLatin1String("interceptor")) return {0x9b, 0x59, 0xb6};
    return {0x3d, 0x9a, 0x4b};  // hooks
}
}  // namespace

TraceWaterfall::TraceWaterfall(QWidget *parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TraceWaterfall::setTrace(const QJsonArray &spans, qint64 totalUs) {
    spans_ = spans;
    totalUs_ = totalUs;
    updateGeometry();
    update();
}

QSize TraceWaterfall::sizeHint() const {
    return {600, std::max(1, int(spans_.size())) * kRow + 8};
}

void TraceWaterfall::paintEvent(QPaintEvent *) {
    QPainter p(this);
    const QPalette &pal = palette();
    if (spans_.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No spans recorded."));
        return;
    }
    qint64 end = totalUs_;
    for (const QJsonValue &v : spans_) {
        const QJsonObject s = v.toObject();
        end = std::max(end, qint64(s.value(QLatin1String("start_us")).toDouble() +
                                   s.value(QLatin1String("duration_us")).toDouble()));
    }
    end = std::max<qint64>(end, 1);
    const double barWidth = std::max(40, width() - kLabelWidth - 90);
    for (int i = 0; i < spans_.size(); ++i) {
        const QJsonObject s = spans_.at(i).toObject();
        const QString kind = s.value(QLatin1String("kind")).toString();
        const QString outcome = s.value(QLatin1String("outcome")).toString();
        const double start = s.value(QLatin1String("start_us")).toDouble();
        const double duration = s.value(QLatin1String("duration_us")).toDouble();
        const int y = 4 + i * kRow;
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(4, y, kLabelWidth - 8, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1  %2").arg(kind, s.value(QLatin1String("name")).toString()));
        const double x = kLabelWidth + barWidth * start / double(end);
        const double w = std::max(2.0, barWidth * duration / double(end));
        p.fillRect(QRectF(x, y + 4, w, kRow - 8), colorOf(kind, outcome));
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(x + w + 6, y, 200, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1 ms %2").arg(duration / 1000.0, 0, 'f', 2).arg(outcome));
    }
}

}  // namespace gatehouse
