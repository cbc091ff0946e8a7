#include "CacheRatioChart.h"

#include <QPainter>

namespace gatehouse {

CacheRatioChart::CacheRatioChart(QWidget *parent) : QWidget(parent) {
    setMinimumHeight(70);
    setToolTip(tr("Prompt-cache hit ratio per turn (cache reads / input tokens)"));
}

void CacheRatioChart::setRatios(const QList<std::optional<double>> &ratios) {
    ratios_ = ratios;
    update();
}

void CacheRatioChart::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(34, 6, -6, -14);
    const QColor text = palette().color(QPalette::PlaceholderText);
    p.setPen(text);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    // 0 and 100% guides.
    for (const double level : {0.0, 1.0}) {
        const qreal y = area.bottom() - level * area.height();
        p.drawText(QRectF(0, y - 8, 30, 16), Qt::AlignRight | Qt::AlignVCenter,
                   level > 0 ? QStringLiteral("100%") : QStringLiteral("0%"));
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    }
    if (ratios_.isEmpty()) {
        p.drawText(area, Qt::AlignCenter, tr("No turns"));
        return;
    }
    const qreal slot = area.width() / ratios_.size();
    const qreal bar = qMax<qreal>(1.0, slot * 0.7);
    for (int i = 0; i < ratios_.size(); ++i) {
        if (!ratios_.at(i)) continue;
        const double r = qBound(0.0, *ratios_.at(i), 1.0);
        // Green when most of the input came from the cache, amber in between, red when little did.
        const QColor fill = r >= 0.6   ? QColor(0x2e, 0x9d, 0x48)
                            : r >= 0.2 ? QColor(0xd9, 0x8c, 0x1f)
                                       : QColor(0xc0, 0x39, 0x2b);
        const qreal h = qMax<qreal>(1.0, r * area.height());
        p.fillRect(QRectF(area.left() + i * slot + (slot - bar) / 2, area.bottom() - h, bar, h),
                   fill);
    }
    p.setPen(text);
    p.drawText(QRectF(area.left(), area.bottom() + 1, area.width(), 13), Qt::AlignLeft,
               tr("turn 1"));
    p.drawText(QRectF(area.left(), area.bottom() + 1, area.width(), 13), Qt::AlignRight,
               tr("turn %1").arg(ratios_.size()));
}

}  // namespace gatehouse
