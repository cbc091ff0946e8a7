#include "McpServerDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace gatehouse {

namespace {

QStringList lines(const QPlainTextEdit *edit) {
    QStringList out;
    for (const QString &line : edit->toPlainText().split(QLatin1Char('\n'))) {
        // Arguments keep inner spaces; only empty lines go.
        if (!line.trimmed().isEmpty()) out << line.trimmed();
    }
    return out;
}

QStringList commaList(const QLineEdit *edit) {
    QStringList out;
    for (const QString &part : edit->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out << part.trimmed();
    return out;
}

QString joined(const QJsonValue &array, const QString &separator) {
    QStringList parts;
    for (const QJsonValue &v : array.toArray()) parts << v.toString();
    return parts.join(separator);
}

QPlainTextEdit *smallEditor(const QString &placeholder, QWidget *parent) {
    auto *edit = new QPlainTextEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(70);
    return edit;
}

}  // namespace

McpServerDialog::McpServerDialog(const QJsonObject &entry, QWidget *parent)
    : QDialog(parent),
      name_(new QLineEdit(this)),
      type_(new QComboBox(this)),
      connection_(new QStackedWidget(this)),
      command_(new QLineEdit(this)),
      args_(smallEditor(tr("one argument a line"), this)),
      envs_(smallEditor(tr("NAME=value to set, NAME to pass on; one a line"), this)),
      url_(new QLineEdit(this)),
      headers_(smallEditor(tr("Name: value, one a line (e.g. Authorization: Bearer …)"), this)),
      execute_(new QLineEdit(this)),
      skip_(new QLineEdit(this)),
      autoExecute_(new QLineEdit(this)) {
    setWindowTitle(entry.isEmpty() ? tr("Add MCP server") : tr("Edit MCP server"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    name_->setPlaceholderText(tr("letters, digits and _ (prefixes its tools)"));
    type_->addItem(tr("stdio (a program)"), QStringLiteral("stdio"));
    type_->addItem(tr("Streamable HTTP"), QStringLiteral("http"));
    type_->addItem(tr("HTTP + SSE (older servers)"), QStringLiteral("sse"));
    form->addRow(tr("Name"), name_);
    form->addRow(tr("Connection"), type_);
    layout->addLayout(form);

    auto *stdio = new QWidget(connection_);
    auto *stdioForm = new QFormLayout(stdio);
    stdioForm->setContentsMargins(0, 0, 0, 0);
    command_->setPlaceholderText(tr("e.g. npx"));
    stdioForm->addRow(tr("Command"), command_);
    stdioForm->addRow(tr("Arguments"), args_);
    stdioForm->addRow(tr("Environment"), envs_);
    auto *http = new QWidget(connection_);
    auto *httpForm = new QFormLayout(http);
    httpForm->setContentsMargins(0, 0, 0, 0);
    url_->setPlaceholderText(tr("http://127.0.0.1:3001/mcp or env.VARIABLE"));
    httpForm->addRow(tr("URL"), url_);
    httpForm->addRow(tr("Headers"), headers_);
    connection_->addWidget(stdio);
    connection_->addWidget(http);
    layout->addWidget(connection_);

    auto *tools = new QFormLayout;
    execute_->setPlaceholderText(tr("* for all; empty offers none"));
    skip_->setPlaceholderText(tr("tools never offered, comma-separated"));
    tools->addRow(tr("Tools to offer"), execute_);
    tools->addRow(tr("Tools to skip"), skip_);
    autoExecute_->setPlaceholderText(tr("run by the gateway when a model calls them (agent mode)"));
    autoExecute_->setToolTip(
        tr("Agent mode: when a model calls one of these tools, Gatehouse runs it and sends the "
           "result back to the model itself, up to mcp.tool_manager_config.max_agent_depth "
           "rounds. * for all offered tools; empty: every call goes to the client."));
    tools->addRow(tr("Tools to run automatically"), autoExecute_);
    layout->addLayout(tools);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(type_, &QComboBox::currentIndexChanged, this,
            [this](int index) { connection_->setCurrentIndex(index == 0 ? 0 : 1); });

    execute_->setText(QStringLiteral("*"));
    if (!entry.isEmpty()) setEntry(entry);
}

void McpServerDialog::setEntry(const QJsonObject &entry) {
    original_ = entry;
    name_->setText(entry.value(QLatin1String("name")).toString());
    // The name prefixes the server's tools: an edit keeps it.
    name_->setReadOnly(!name_->text().isEmpty());
    const int type = type_->findData(entry.value(QLatin1String("connection_type")).toString());
    type_->setCurrentIndex(qMax(0, type));
    const QJsonObject stdio = entry.value(QLatin1String("stdio_config")).toObject();
    command_->setText(stdio.value(QLatin1String("command")).toString());
    args_->setPlainText(joined(stdio.value(QLatin1String("args")), QStringLiteral("\n")));
    envs_->setPlainText(joined(stdio.value(QLatin1String("envs")), QStringLiteral("\n")));
    url_->setText(entry.value(QLatin1String("connection_string")).toString());
    QStringList headerLines;
    const QJsonObject headers = entry.value(QLatin1String("headers")).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        headerLines << it.key() + QStringLiteral(": ") + it.value().toString();
    headers_->setPlainText(headerLines.join(QLatin1Char('\n')));
    execute_->setText(joined(entry.value(QLatin1String("tools_to_execute")), QStringLiteral(", ")));
    skip_->setText(joined(entry.value(QLatin1String("tools_to_skip")), QStringLiteral(", ")));
    autoExecute_->setText(
        joined(entry.value(QLatin1String("tools_to_auto_execute")), QStringLiteral(", ")));
}

QJsonObject McpServerDialog::entry() const {
    QJsonObject e = original_;
    e.insert(QStringLiteral("name"), name_->text().trimmed());
    const QString type = type_->currentData().toString();
    e.insert(QStringLiteral("connection_type"), type);
    if (type == QLatin1String("stdio")) {
        e.remove(QStringLiteral("connection_string"));
        e.remove(QStringLiteral("headers"));
        e.insert(QStringLiteral("stdio_config"),
                 QJsonObject{{QStringLiteral("command"), command_->text().trimmed()},
                             {QStringLiteral("args"), QJsonArray::fromStringList(lines(args_))},
                             {QStringLiteral("envs"), QJsonArray::fromStringList(lines(envs_))}});
    } else {
        e.remove(QStringLiteral("stdio_config"));
        e.insert(QStringLiteral("connection_string"), url_->text().trimmed());
        QJsonObject headers;
        for (const QString &line : lines(headers_)) {
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            // A line without a colon is kept whole as a name: the gateway
            // then says what is wrong with it.
            if (colon < 0)
                headers.insert(line, QString());
            else
                headers.insert(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
        }
        e.insert(QStringLiteral("headers"), headers);
    }
    e.insert(QStringLiteral("tools_to_execute"), QJsonArray::fromStringList(commaList(execute_)));
    e.insert(QStringLiteral("tools_to_skip"), QJsonArray::fromStringList(commaList(skip_)));
    if (const QStringList autoRun = commaList(autoExecute_); !autoRun.isEmpty())
        e.insert(QStringLiteral("tools_to_auto_execute"), QJsonArray::fromStringList(autoRun));
    else
        e.remove(QStringLiteral("tools_to_auto_execute"));
    return e;
}

}  // namespace gatehouse
