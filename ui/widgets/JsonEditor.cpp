#include "JsonEditor.h"

#include "JsonHighlighter.h"

#include <QFontDatabase>
#include <QTextBlock>

namespace gatehouse {

JsonEditor::JsonEditor(QWidget *parent) : QPlainTextEdit(parent) {
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    new JsonHighlighter(document());
}

void JsonEditor::markErrorLine(int line) {
    markedLine_ = line;
    QList<QTextEdit::ExtraSelection> selections;
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (line > 0 && block.isValid()) {
        QTextEdit::ExtraSelection s;
        // Translucent red reads on light and dark backgrounds alike.
        s.format.setBackground(QColor(220, 50, 47, 60));
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        s.format.setUnderlineColor(QColor(220, 50, 47));
        s.cursor = QTextCursor(block);
        selections.append(s);
        QTextCursor cursor(block);
        setTextCursor(cursor);
        ensureCursorVisible();
    }
    setExtraSelections(selections);
}

}  // namespace gatehouse
