#include "SpendThresholdsBox.h"

#include "PanelSettings.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>

namespace gatehouse {

namespace {

QDoubleSpinBox *usdEdit(double value, QWidget *parent) {
    auto *edit = new QDoubleSpinBox(parent);
    edit->setRange(0, 1'000'000);
    edit->setDecimals(2);
    edit->setSingleStep(1);
    edit->setPrefix(QStringLiteral("$"));
    edit->setSpecialValueText(QObject::tr("Off"));  // shown at 0
    edit->setValue(value);
    return edit;
}

}  // namespace

SpendThresholdsBox::SpendThresholdsBox(PanelSettings *settings, QWidget *parent)
    : QGroupBox(tr("Spend notifications"), parent),
      settings_(settings),
      day_(usdEdit(settings->dayThresholdUsd(), this)),
      session_(usdEdit(settings->sessionThresholdUsd(), this)) {
    auto *form = new QFormLayout(this);
    form->addRow(tr("Today's spend passes"), day_);
    form->addRow(tr("An agent session's spend passes"), session_);
    auto *note = new QLabel(tr("The tray shows a notification once per day and once per "
                               "session; its menu can then pause agents. 0 is off."),
                            this);
    note->setWordWrap(true);
    note->setEnabled(false);
    form->addRow(note);
    connect(day_, &QDoubleSpinBox::valueChanged, this, &SpendThresholdsBox::save);
    connect(session_, &QDoubleSpinBox::valueChanged, this, &SpendThresholdsBox::save);
}

void SpendThresholdsBox::save() {
    settings_->setSpendThresholds(day_->value(), session_->value());
}

}  // namespace gatehouse
