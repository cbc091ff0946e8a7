#pragma once

#include <QJsonObject>
#include <QMap>
#include <QWidget>

class QFormLayout;

namespace gatehouse {

// A form generated from a plugin's configSchema, as an alternative to raw
// JSON: one row per property of a simple type (string, number, integer,
// boolean, enum, array of strings). An empty field means "not set" (the
// plugin's default, shown as placeholder). Only for schemas where every
// property is simple (see supports()); keys the schema does not list are
// kept as they are.
class SchemaForm : public QWidget {
    Q_OBJECT
public:
    explicit SchemaForm(QWidget *parent = nullptr);

    static bool supports(const QJsonObject &schema);
    void setSchema(const QJsonObject &schema);
    void setValue(const QJsonObject &config);
    QJsonObject value() const;
    // The field for a property (for tests and focus), or null.
    QWidget *fieldFor(const QString &property) const { return fields_.value(property); }

signals:
    void edited();

private:
    QFormLayout *form_;
    QJsonObject schema_;
    QJsonObject base_;  // the config the form was loaded with
    QMap<QString, QWidget *> fields_;
    bool loading_ = false;
};

}  // namespace gatehouse
