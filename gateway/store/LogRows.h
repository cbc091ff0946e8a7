#pragma once

#include "RowSink.h"
#include "plugins/PluginLog.h"
#include "trace/RequestTrace.h"

#include <QStringList>

namespace gatehouse {

class StoreConnection;

// The tables the log writer fills.
enum class LogTable { Requests, Content, HookCalls };
constexpr int kLogTableCount = 3;

// How request traces and plugin log lines become rows of the log tables,
// and the deletions retention makes. Used on the log writer's thread.
namespace LogRows {

QString tableName(LogTable table);
QStringList columns(LogTable table);

// Each writes one row (values in columns() order) and ends it.
bool writeRequest(RowSink &sink, const RequestTrace &trace, const QString &instance,
                  QString *error);
bool hasContent(const RequestTrace &trace);
bool writeContent(RowSink &sink, const RequestTrace &trace, QString *error);
bool writeHookCall(RowSink &sink, const RequestTrace &trace, const TraceSpan &span, QString *error);
bool writeLogLine(RowSink &sink, const PluginLogLine &line, QString *error);

// The spans as the JSON array stored in request_content.spans.
QByteArray spansJson(const QVector<TraceSpan> &spans);
// A body as the store can keep it as text: the bytes themselves when they are
// UTF-8 without NUL (the usual case: JSON), otherwise decoded with
// replacement characters for what is not UTF-8 and NULs (PostgreSQL text
// cannot hold those).
QByteArray storableText(const QByteArray &bytes);

bool deleteBefore(StoreConnection &c, qint64 cutoffMs, QString *error, qint64 *deleted = nullptr);
// Deletes the oldest `fraction` of the requests (and their content and hook lines).
bool deleteOldestSlice(StoreConnection &c, double fraction, QString *error);
// Bytes the log data occupies (free pages not counted); -1 on error.
qint64 storeSizeBytes(StoreConnection &c, QString *error);

}  // namespace LogRows

}  // namespace gatehouse
