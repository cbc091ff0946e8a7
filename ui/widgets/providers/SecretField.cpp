#include "SecretField.h"

#include "store/ConfigMasking.h"

#include <QFileInfo>

namespace gatehouse {

SecretField::SecretField(QWidget *parent) : QLineEdit(parent) {
    connect(this, &QLineEdit::editingFinished, this, &SecretField::updateEcho);
}

void SecretField::setSecret(const QString &value) {
    setText(value);
    updateEcho();
}

void SecretField::updateEcho() {
    const QString value = text().trimmed();
    // Names of secrets are not secrets: a mask, a variable, a file.
    const bool shown = value.isEmpty() || ConfigMasking::isMasked(value) ||
                       value.startsWith(QLatin1String("env.")) ||
                       (!value.startsWith(QLatin1Char('{')) && QFileInfo(value).isAbsolute());
    setEchoMode(shown ? QLineEdit::Normal : QLineEdit::PasswordEchoOnEdit);
}

}  // namespace gatehouse
