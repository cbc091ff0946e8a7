#pragma once

#include <QPlainTextEdit>

namespace gatehouse {

// A plain-text JSON editor: monospace, highlighted, and able to mark one
// line as the one an error is on.
class JsonEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit JsonEditor(QWidget *parent = nullptr);

    // Underlines and tints `line` (1-based) and moves the cursor there; 0 clears.
    void markErrorLine(int line);
    int markedLine() const { return markedLine_; }

private:
    int markedLine_ = 0;
};

}  // namespace gatehouse
