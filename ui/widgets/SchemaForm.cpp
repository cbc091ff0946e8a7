#include "SchemaForm.h"

#include <QComboBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QIntValidator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>

namespace gatehouse {

namespace {

QString typeName(const QJsonObject &property) {
    return property.value(QLatin1String("type")).toString();
}

bool isSimple(const QJsonObject &p) {
    if (p.contains(QLatin1String("enum"))) return true;
    const QString t = typeName(p);
    if (t == QLatin1String("string") || t == QLatin1String("number") ||
        t == QLatin1String("integer") || t == QLatin1String("boolean"))
        return true;
    return t == QLatin1String("array") &&
           typeName(p.value(QLatin1String("items")).toObject()) == QLatin1String("string");
}

QString shown(const QJsonValue &v) {
    if (v.isString()) return v.toString();
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &e : v.toArray()) parts << e.toString();
        return parts.join(QStringLiteral(", "));
    }
    return {};
}

}  // namespace

SchemaForm::SchemaForm(QWidget *parent) : QWidget(parent), form_(new QFormLayout(this)) {
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

bool SchemaForm::supports(const QJsonObject &schema) {
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    if (properties.isEmpty()) return false;
    for (const QJsonValue &p : properties)
        if (!isSimple(p.toObject())) return false;
    return true;
}

void SchemaForm::setSchema(const QJsonObject &schema) {
    schema_ = schema;
    while (form_->rowCount() > 0) form_->removeRow(0);
    fields_.clear();
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    const QStringList required = [&] {
        QStringList r;
        for (const QJsonValue &v : schema.value(QLatin1String("required")).toArray())
            r << v.toString();
        return r;
    }();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const QJsonObject p = it.value().toObject();
        const QString def = p.contains(QLatin1String("default"))
                                ? tr("default: %1").arg(shown(p.value(QLatin1String("default"))))
                                : tr("not set");
        QWidget *field = nullptr;
        if (p.contains(QLatin1String("enum")) || typeName(p) == QLatin1String("boolean")) {
            auto *combo = new QComboBox(this);
            combo->addItem(tr("(%1)").arg(def), QJsonValue(QJsonValue::Undefined).toVariant());
            const QJsonArray options = p.contains(QLatin1String("enum"))
                                           ? p.value(QLatin1String("enum")).toArray()
                                           : QJsonArray{true, false};
            for (const QJsonValue &o : options) combo->addItem(shown(o), o.toVariant());
            connect(combo, &QComboBox::currentIndexChanged, this, [this] {
                if (!loading_) emit edited();
            });
            field = combo;
        } else {
            auto *line = new QLineEdit(this);
            line->setPlaceholderText(
                typeName(p) == QLatin1String("array") ? tr("comma-separated; %1").arg(def) : def);
            if (typeName(p) == QLatin1String("integer"))
                line->setValidator(new QIntValidator(line));
            if (typeName(p) == QLatin1String("number"))
                line->setValidator(new QDoubleValidator(line));
            connect(line, &QLineEdit::textEdited, this, [this] {
                if (!loading_) emit edited();
            });
            field = line;
        }
        field->setObjectName(it.key());
        field->setToolTip(p.value(QLatin1String("description")).toString());
        auto *label = new QLabel(
            required.contains(it.key()) ? it.key() + QStringLiteral(" *") : it.key(), this);
        label->setToolTip(field->toolTip());
        form_->addRow(label, field);
        fields_.insert(it.key(), field);
    }
}

void SchemaForm::setValue(const QJsonObject &config) {
    loading_ = true;
    base_ = config;
    for (auto it = fields_.constBegin(); it != fields_.constEnd(); ++it) {
        const QJsonValue v = config.value(it.key());
        if (auto *combo = qobject_cast<QComboBox *>(it.value())) {
            int found = 0;
            for (int i = 1; i < combo->count(); ++i)
                if (QJsonValue::fromVariant(combo->itemData(i)) == v) found = i;
            combo->setCurrentIndex(found);
        } else if (auto *line = qobject_cast<QLineEdit *>(it.value())) {
            line->setText(v.isUndefined() ? QString() : shown(v));
        }
    }
    loading_ = false;
}

QJsonObject SchemaForm::value() const {
    QJsonObject out = base_;
    const QJsonObject properties = schema_.value(QLatin1String("properties")).toObject();
    for (auto it = fields_.constBegin(); it != fields_.constEnd(); ++it) {
        const QString type = typeName(properties.value(it.key()).toObject());
        out.remove(it.key());
        if (auto *combo = qobject_cast<QComboBox *>(it.value())) {
            if (combo->currentIndex() > 0)
                out.insert(it.key(), QJsonValue::fromVariant(combo->currentData()));
            continue;
        }
        const QString text = qobject_cast<QLineEdit *>(it.value())->text().trimmed();
        if (text.isEmpty()) continue;
        if (type == QLatin1String("integer") || type == QLatin1String("number")) {
            bool ok = false;
            const double d = QLocale().toDouble(text, &ok);
            out.insert(it.key(), ok ? QJsonValue(d) : QJsonValue(text.toDouble()));
        } else if (type == QLatin1String("array")) {
            QJsonArray items;
            for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                items.append(part.trimmed());
            out.insert(it.key(), items);
        } else {
            out.insert(it.key(), text);
        }
    }
    return out;
}

}  // namespace gatehouse
