#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// Helpers shared by the Anthropic translation files; not part of the public API.
namespace gatehouse::anthropic::detail {

// Sets *error to "<path>: <what>" and returns false, so callers can `return fail(...)`.
bool fail(QString *error, const QString &path, const QString &what);
// JSON paths for error messages: at("messages", 2) == "messages[2]",
// field("messages[2]", "content") == "messages[2].content".
QString at(const QString &path, qsizetype index);
QString field(const QString &path, const char *name);
// Reads the string field `name` of `object` (at `path`), or fails naming it.
bool requireString(const QJsonObject &object, const QString &path, const char *name, QString *value,
                   QString *error);
// True when `key` is there and not null: SDKs send null for "not set".
bool present(const QJsonObject &object, const QString &key);
// A JSON number with no fractional part that is at least `minimum`.
bool isInteger(const QJsonValue &value, qint64 minimum);

// Anthropic stop_reason <-> OpenAI finish_reason.
QString finishReasonFor(const QString &stopReason);
QString stopReasonFor(const QString &finishReason);

// Anthropic usage <-> OpenAI usage. OpenAI's prompt_tokens includes cached
// tokens; Anthropic's input_tokens excludes cache reads and writes.
QJsonObject chatUsageFrom(const QJsonObject &messagesUsage);
QJsonObject messagesUsageFrom(const QJsonObject &chatUsage);

// OpenAI function arguments (a JSON string) -> Anthropic tool input (an object).
// Models emit broken JSON at times; that becomes {} instead of an error.
QJsonObject toolInputFrom(const QJsonValue &arguments);
QString compactJson(const QJsonObject &object);

// "<prefix><32 hex digits>", for ids the upstream did not supply.
QString newId(const QString &prefix);
qint64 nowSeconds();

}  // namespace gatehouse::anthropic::detail
