#pragma once

#include <QVector>
#include <QWidget>

namespace gatehouse {

// A small live line chart: a title, the latest value in large type, and the
// recent values as a filled line scaled to their maximum. Drawn with
// QPainter in the palette's colours, so it follows light and dark themes.
class Sparkline : public QWidget {
    Q_OBJECT
public:
    explicit Sparkline(const QString &title, QWidget *parent = nullptr);

    // `values` oldest first; `latest` is the text shown for the newest one.
    void setValues(QVector<double> values, const QString &latest);
    void setColor(const QColor &color);
    const QVector<double> &values() const { return values_; }
    const QString &latestText() const { return latest_; }

    QSize sizeHint() const override { return {240, 110}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString title_;
    QString latest_;
    QVector<double> values_;
    QColor color_{0x3b, 0x7d, 0xd8};
};

}  // namespace gatehouse
