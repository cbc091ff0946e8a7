#include "Sparkline.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace gatehouse {

Sparkline::Sparkline(const QString &title, QWidget *parent) : QWidget(parent), title_(title) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void Sparkline::setValues(QVector<double> values, const QString &latest) {
    values_ = std::move(values);
    latest_ = latest;
    update();
}

void Sparkline::setColor(const QColor &color) {
    color_ = color;
    update();
}

void Sparkline::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(frame, 6, 6);

    const int pad = 10;
    QFont titleFont = font();
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.setFont(titleFont);
    const int titleHeight = QFontMetrics(titleFont).height();
    p.drawText(QRect(pad, pad, width() - 2 * pad, titleHeight), Qt::AlignLeft, title_);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    p.setFont(big);
    p.setPen(pal.color(QPalette::Text));
    const int bigHeight = QFontMetrics(big).height();
    p.drawText(QRect(pad, pad + titleHeight, width() - 2 * pad, bigHeight), Qt::AlignLeft,
               latest_.isEmpty() ? QStringLiteral("—") : latest_);

    const QRectF chart(pad, pad + titleHeight + bigHeight + 4, width() - 2 * pad,
                       height() - (2 * pad + titleHeight + bigHeight + 4));
    if (chart.height() < 8 || values_.size() < 2) return;
    // Headroom above the highest value, so a steady line does not sit on the frame.
    const double top = std::max(1e-9, *std::max_element(values_.begin(), values_.end()) * 1.25);
    QPainterPath line;
    const double step = chart.width() / double(values_.size() - 1);
    for (int i = 0; i < values_.size(); ++i) {
        const QPointF pt(chart.left() + i * step,
                         chart.bottom() - chart.height() * std::max(0.0, values_[i]) / top);
        if (i == 0)
            line.moveTo(pt);
        else
            line.lineTo(pt);
    }
    QPainterPath area = line;
    area.lineTo(chart.right(), chart.bottom());
    area.lineTo(chart.left(), chart.bottom());
    area.closeSubpath();
    QColor fill = color_;
    fill.setAlpha(50);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawPath(area);
    p.setPen(QPen(color_, 1.6));
    p.setBrush(Qt::NoBrush);
    p.drawPath(line);
}

}  // namespace gatehouse
