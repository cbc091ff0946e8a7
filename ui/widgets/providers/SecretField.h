#pragma once

#include <QLineEdit>

namespace gatehouse {

// A line for a secret (an AWS secret key, a service account's JSON): a
// stored secret shows masked as the API gives it ("abc...wxyz"), and is
// kept when left so; "env.VAR" references and file paths show as they are;
// a secret typed in is hidden as soon as the field is left.
class SecretField : public QLineEdit {
    Q_OBJECT
public:
    explicit SecretField(QWidget *parent = nullptr);

    void setSecret(const QString &value);

private:
    void updateEcho();
};

}  // namespace gatehouse
