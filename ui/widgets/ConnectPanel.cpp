#include "ConnectPanel.h"

#include "ConnectSnippets.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

QToolButton *copyButton(QWidget *parent, const QString &tip) {
    auto *button = new QToolButton(parent);
    button->setIcon(QIcon(QStringLiteral(":/gatehouse/icons/copy.svg")));
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

}  // namespace

ConnectPanel::ConnectPanel(QWidget *parent)
    : QGroupBox(tr("Connect a client"), parent),
      client_(new QComboBox(this)),
      where_(new QLabel(this)),
      snippet_(new QPlainTextEdit(this)) {
    auto *layout = new QHBoxLayout(this);
    auto *urls = new QGridLayout;
    const QStringList kinds{tr("OpenAI (chat, Responses)"), tr("Anthropic"), tr("Gemini")};
    for (int row = 0; row < kinds.size(); ++row) {
        auto *url = new QLabel(this);
        url->setTextInteractionFlags(Qt::TextSelectableByMouse);
        url->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        urls_ << url;
        QToolButton *copy = copyButton(this, tr("Copy the %1 base URL").arg(kinds[row]));
        connect(copy, &QToolButton::clicked, this,
                [url] { QApplication::clipboard()->setText(url->text()); });
        urls->addWidget(new QLabel(kinds[row], this), row, 0);
        urls->addWidget(url, row, 1);
        urls->addWidget(copy, row, 2);
    }
    urls->setRowStretch(kinds.size(), 1);
    layout->addLayout(urls);

    auto *agent = new QVBoxLayout;
    auto *choose = new QHBoxLayout;
    choose->addWidget(new QLabel(tr("Agent or SDK:"), this));
    choose->addWidget(client_);
    choose->addWidget(where_, 1);
    QToolButton *copy = copyButton(this, tr("Copy these settings"));
    connect(copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(snippet_->toPlainText()); });
    choose->addWidget(copy);
    agent->addLayout(choose);
    snippet_->setReadOnly(true);
    snippet_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    snippet_->setLineWrapMode(QPlainTextEdit::NoWrap);
    snippet_->setMaximumHeight(120);
    agent->addWidget(snippet_);
    layout->addLayout(agent, 1);

    for (const ConnectSnippet &s : connectSnippets(QString())) client_->addItem(s.client);
    connect(client_, &QComboBox::currentIndexChanged, this, &ConnectPanel::showSnippet);
}

void ConnectPanel::setBaseUrl(const QString &baseUrl) {
    if (baseUrl == baseUrl_ && !urls_.first()->text().isEmpty()) return;
    baseUrl_ = baseUrl;
    urls_[0]->setText(baseUrl + QStringLiteral("/v1"));
    urls_[1]->setText(baseUrl + QStringLiteral("/anthropic"));
    urls_[2]->setText(baseUrl + QStringLiteral("/genai"));
    showSnippet();
}

QString ConnectPanel::baseUrlText(int row) const {
    return urls_.value(row) ? urls_[row]->text() : QString();
}

QString ConnectPanel::snippetText() const {
    return snippet_->toPlainText();
}

void ConnectPanel::showSnippet() {
    const QList<ConnectSnippet> all = connectSnippets(baseUrl_);
    const int i = client_->currentIndex();
    if (i < 0 || i >= all.size()) return;
    where_->setText(QStringLiteral("<i>%1</i>").arg(all[i].where.toHtmlEscaped()));
    snippet_->setPlainText(all[i].text);
}

}  // namespace gatehouse
