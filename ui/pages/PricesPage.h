#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableWidget;
class QToolButton;

namespace gatehouse {

class GatewayController;

// The price overrides (config.json's "pricing", kept in the config store):
// a table of them in the order they are tried, Add / Edit / Remove, and a
// lookup that says which price a provider and model get (an override or
// the built-in catalogue). Reads with Gateway::priceOverrides and
// priceLookup; changes go through the config store (ConfigEdits::putPricing),
// as PUT /api/pricing does, checked the same way: a refused override names
// its field and nothing changes. Main thread.
class PricesPage : public QWidget {
    Q_OBJECT
public:
    enum Column { Provider, Model, Input, Output, CacheRead, CacheWrite, Other, ColumnCount };

    explicit PricesPage(GatewayController *controller, QWidget *parent = nullptr);

    QTableWidget *table() const { return table_; }
    QToolButton *addButton() const { return add_; }
    QToolButton *removeButton() const { return remove_; }
    // What the last action said (also in the banner).
    QString lastMessage() const { return message_; }
    // The overrides shown.
    QJsonArray overrides() const { return overrides_; }

    // Replaces the overrides (applied() says how it went).
    void apply(const QJsonArray &overrides);
    void addOverride(const QJsonObject &entry);
    void replaceOverride(int row, const QJsonObject &entry);
    void removeOverride(int row);
    // Looks up the price `provider` and `model` get; returns the text shown.
    QString lookUp(const QString &provider, const QString &model);
    void refresh();

signals:
    void applied(bool ok);

private:
    void say(const QString &message, bool error);
    void askForOverride(int row);  // -1: a new one

    GatewayController *controller_;
    QLabel *about_;
    QLabel *banner_;
    QTableWidget *table_;
    QToolButton *add_;
    QToolButton *edit_;
    QToolButton *remove_;
    QLineEdit *lookupProvider_;
    QLineEdit *lookupModel_;
    QLabel *lookupResult_;
    QJsonArray overrides_;
    QString message_;
};

}  // namespace gatehouse
