#pragma once

#include <QJsonArray>
#include <QWidget>

namespace gatehouse {

// A request's trace as a waterfall: one bar per span (interceptors, each
// preHook, each provider attempt, each postHook, the stream) placed by its
// start and length on the request's time line.
class TraceWaterfall : public QWidget {
    Q_OBJECT
public:
    explicit TraceWaterfall(QWidget *parent = nullptr);

    // `spans` as the log store gives them (kind, name, start_us, duration_us,
    // outcome, message); `totalUs` the request's latency.
    void setTrace(const QJsonArray &spans, qint64 totalUs);
    int spanCount() const { return int(spans_.size()); }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QJsonArray spans_;
    qint64 totalUs_ = 0;
};

}  // namespace gatehouse
