#pragma once

#include <QGroupBox>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace gatehouse {

// "Connect a client": the OpenAI, Anthropic and Gemini base URLs with copy
// buttons, and for the chosen agent or SDK the settings that point it at the
// gateway (ConnectSnippets), ready to copy.
class ConnectPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ConnectPanel(QWidget *parent = nullptr);
    void setBaseUrl(const QString &baseUrl);

    QString baseUrlText(int row) const;  // 0 OpenAI, 1 Anthropic, 2 Gemini
    QString snippetText() const;
    QComboBox *clientChoice() const { return client_; }

private:
    void showSnippet();

    QString baseUrl_;
    QList<QLabel *> urls_;
    QComboBox *client_;
    QLabel *where_;
    QPlainTextEdit *snippet_;
};

}  // namespace gatehouse
