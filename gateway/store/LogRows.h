#pragma once

#include "plugins/PluginLog.h"
#include "trace/RequestTrace.h"

#include <QStringList>
#include <QVariantList>

namespace gatehouse {

class StoreConnection;

// How request traces and plugin log lines become rows of the log tables,
// and the deletions retention makes. Used on the log writer's thread.
namespace LogRows {

QStringList requestColumns();
QVariantList requestRow(const RequestTrace &trace, const QString &instance);
QStringList contentColumns();
bool hasContent(const RequestTrace &trace);
QVariantList contentRow(const RequestTrace &trace);
QStringList hookColumns();
QVariantList hookCallRow(const RequestTrace &trace, const TraceSpan &span);
QVariantList logLineRow(const PluginLogLine &line);

// The spans as the JSON array stored in request_content.spans.
QByteArray spansJson(const QVector<TraceSpan> &spans);

bool deleteBefore(StoreConnection &c, qint64 cutoffMs, QString *error, qint64 *deleted = nullptr);
// Deletes the oldest `fraction` of the requests (and their content and hook lines).
bool deleteOldestSlice(StoreConnection &c, double fraction, QString *error);
// Bytes the log data occupies (free pages not counted); -1 on error.
qint64 storeSizeBytes(StoreConnection &c, QString *error);

}  // namespace LogRows

}  // namespace gatehouse
