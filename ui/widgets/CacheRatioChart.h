#pragma once

#include <QList>
#include <QWidget>
#include <optional>

namespace gatehouse {

// The prompt-cache hit ratio of a session's turns, one bar per turn, left to
// right: how much of each turn's input the provider read from its cache. A
// turn without token counts is a gap; a low bar after high ones is a miss
// worth a look (the turn's request detail shows its tokens).
class CacheRatioChart : public QWidget {
    Q_OBJECT
public:
    explicit CacheRatioChart(QWidget *parent = nullptr);
    void setRatios(const QList<std::optional<double>> &ratios);
    const QList<std::optional<double>> &ratios() const { return ratios_; }
    QSize sizeHint() const override { return {400, 90}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<std::optional<double>> ratios_;
};

}  // namespace gatehouse
