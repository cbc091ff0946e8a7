#include "KeyValueDelegate.h"

#include "store/ConfigMasking.h"

#include <QLineEdit>

namespace gatehouse {

QString KeyValueDelegate::displayText(const QVariant &value, const QLocale &) const {
    return ConfigMasking::maskKey(value.toString());
}

QWidget *KeyValueDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                        const QModelIndex &) const {
    auto *edit = new QLineEdit(parent);
    // Readable while typing (a pasted key can be checked), hidden otherwise.
    edit->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    edit->setPlaceholderText(tr("the key, or env.VARIABLE"));
    return edit;
}

}  // namespace gatehouse
