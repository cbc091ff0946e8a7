#pragma once

class QString;
class QToolButton;
class QWidget;

namespace gatehouse {

// A flat toolbar-style button with text beside an icon from resources/icons
// (`icon` is the file name without ".svg"): the look of the pages' action rows.
QToolButton *actionButton(const QString &text, const QString &icon, QWidget *parent);

}  // namespace gatehouse
