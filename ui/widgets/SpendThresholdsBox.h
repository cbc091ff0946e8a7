#pragma once

#include <QGroupBox>

class QDoubleSpinBox;

namespace gatehouse {

class PanelSettings;

// The Settings page's spend thresholds: today's and an agent session's, in
// USD (0 = off). Saved as they change; the tray announces a crossing once
// (SpendMeter).
class SpendThresholdsBox : public QGroupBox {
    Q_OBJECT
public:
    explicit SpendThresholdsBox(PanelSettings *settings, QWidget *parent = nullptr);

    QDoubleSpinBox *dayEdit() const { return day_; }
    QDoubleSpinBox *sessionEdit() const { return session_; }

private:
    void save();

    PanelSettings *settings_;
    QDoubleSpinBox *day_;
    QDoubleSpinBox *session_;
};

}  // namespace gatehouse
