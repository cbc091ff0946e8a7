#include "PriceOverrideDialog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>

namespace gatehouse {

namespace {
const char *const kPriceKeys[] = {"input_mtok", "output_mtok", "cache_read_mtok",
                                  "cache_write_mtok"};
}  // namespace

QJsonValue priceFromText(const QString &text) {
    const QString t = text.trimmed();
    if (t.isEmpty()) return QJsonValue::Undefined;
    bool number = false;
    const double value = t.toDouble(&number);
    if (number) return value;
    const QJsonDocument json = QJsonDocument::fromJson(t.toUtf8());
    if (json.isObject()) return json.object();
    return t;
}

QString priceFieldText(const QJsonValue &price) {
    if (price.isDouble()) return QString::number(price.toDouble(), 'g', 12);
    if (price.isObject())
        return QString::fromUtf8(QJsonDocument(price.toObject()).toJson(QJsonDocument::Compact));
    return price.isString() ? price.toString() : QString();
}

std::optional<QJsonObject> askForPriceOverride(QWidget *parent, const QJsonObject &entry) {
    QDialog dialog(parent);
    dialog.setWindowTitle(entry.isEmpty() ? QObject::tr("New price") : QObject::tr("Edit price"));
    auto *form = new QFormLayout(&dialog);
    auto *provider = new QLineEdit(entry.value(QLatin1String("provider")).toString(), &dialog);
    provider->setPlaceholderText(QObject::tr("openai, anthropic, google, local, mock, …"));
    const QJsonValue model = entry.value(QLatin1String("model"));
    auto *modelField = new QLineEdit(priceFieldText(model), &dialog);
    modelField->setPlaceholderText(QObject::tr("gpt-4o, or {\"starts_with\": \"llama\"}"));
    form->addRow(QObject::tr("Provider (who bills)"), provider);
    form->addRow(QObject::tr("Model"), modelField);
    QList<QLineEdit *> prices;
    const QStringList labels = {QObject::tr("Input"), QObject::tr("Output"),
                                QObject::tr("Cache read"), QObject::tr("Cache write")};
    for (int i = 0; i < 4; ++i) {
        auto *field =
            new QLineEdit(priceFieldText(entry.value(QLatin1String(kPriceKeys[i]))), &dialog);
        field->setPlaceholderText(QObject::tr("not priced"));
        form->addRow(QObject::tr("%1 (USD per million tokens)").arg(labels.at(i)), field);
        prices << field;
    }
    auto *note = new QLabel(QObject::tr("A price left out is not taken from the catalogue: "
                                        "without a cache price, cached tokens pay the input "
                                        "price."),
                            &dialog);
    note->setWordWrap(true);
    form->addRow(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;

    QJsonObject result = entry;
    result.insert(QStringLiteral("provider"), provider->text().trimmed());
    const QJsonValue match = priceFromText(modelField->text());
    result.insert(QStringLiteral("model"),
                  match.isObject() ? match : QJsonValue(modelField->text().trimmed()));
    for (int i = 0; i < 4; ++i) {
        const QJsonValue price = priceFromText(prices.at(i)->text());
        if (price.isUndefined())
            result.remove(QLatin1String(kPriceKeys[i]));
        else
            result.insert(QLatin1String(kPriceKeys[i]), price);
    }
    return result;
}

}  // namespace gatehouse
