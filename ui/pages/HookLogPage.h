#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace gatehouse {

class GatewayController;
class HookLogFilter;
class HookLogModel;

// The live hook log: every hook call and plugin log line, newest first,
// with filters, Pause and Clear.
class HookLogPage : public QWidget {
    Q_OBJECT
public:
    explicit HookLogPage(GatewayController *controller, QWidget *parent = nullptr);

    HookLogModel *model() const { return model_; }
    HookLogFilter *filter() const { return filter_; }
    QTableView *table() const { return table_; }
    QComboBox *pluginFilter() const { return plugin_; }
    QComboBox *hookFilter() const { return hook_; }
    QComboBox *outcomeFilter() const { return outcome_; }
    QLineEdit *textFilter() const { return text_; }
    QToolButton *pauseButton() const { return pause_; }
    QToolButton *clearButton() const { return clear_; }

signals:
    // The user double-clicked a line that belongs to a request.
    void requestActivated(const QString &requestId);

private:
    void attach();
    void learnNames(int first, int last);
    void updateCount();

    GatewayController *controller_;
    HookLogModel *model_;
    HookLogFilter *filter_;
    QTableView *table_;
    QComboBox *plugin_, *hook_, *outcome_;
    QLineEdit *text_;
    QToolButton *pause_, *clear_;
    QLabel *count_;
};

}  // namespace gatehouse
