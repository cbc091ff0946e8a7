#include "ActionButton.h"

#include <QIcon>
#include <QString>
#include <QToolButton>

namespace gatehouse {

QToolButton *actionButton(const QString &text, const QString &icon, QWidget *parent) {
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setIcon(QIcon(QStringLiteral(":/gatehouse/icons/%1.svg").arg(icon)));
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(true);
    return b;
}

}  // namespace gatehouse
