#pragma once

#include "RequestBlocks.h"
#include "RowSink.h"
#include "trace/PluginLogLine.h"
#include "trace/RequestTrace.h"

#include <QStringList>
#include <optional>

namespace gatehouse {

class StoreConnection;

// The tables the log writer fills, in the order it fills them (a request
// row names its body block, so blocks go first). Requests go many to a
// block (store/RequestBlocks.h): its summary a row of request_blocks, its
// values a row of request_block_data. Stores written before body blocks
// also have request_content (one row of bodies per request), still read
// and pruned but no longer written.
enum class LogTable { Bodies, RequestBlocks, RequestBlockData, HookCalls };
constexpr int kLogTableCount = 4;

// How request traces and plugin log lines become rows of the log tables,
// and the deletions retention makes. Used on the log writer's thread.
namespace LogRows {

QString tableName(LogTable table);
QStringList columns(LogTable table);
// A request's values, in RequestBlocks::Column order.
QStringList requestColumns();

// Each writes one row (values in columns() order) and ends it.
// writeRequest writes a request's values (requestColumns()) into a block.
// `bodyBlock`: the request_bodies row holding its content (none: no content).
// `cacheReport`: the turn's prompt-cache report (CacheWatch) as JSON text,
// or empty; `contextWarning`: why its prompt was likely cut short
// (ContextGuard), or empty.
bool writeRequest(RowSink &sink, const RequestTrace &trace, const QString &instance,
                  std::optional<qint64> bodyBlock, const QByteArray &cacheReport,
                  const QString &contextWarning, const QString &plugins, QString *error);
// A block of requests (RequestBlocks::Block): its summary and its values.
bool writeRequestBlock(RowSink &summary, RowSink &values, qint64 id,
                       const RequestBlocks::Block &block, QString *error);
bool hasContent(const RequestTrace &trace);
// A block of bodies (BodyBlock); `newestMs`: the start of its newest request.
bool writeBodyBlock(RowSink &sink, qint64 id, qint64 newestMs, QByteArrayView block,
                    QString *error);
// A hook call that continued without a message is in its request's spans
// (its body block) and needs no hook_calls row: the hook log reads one
// request's calls from its spans (LogReader::hookLines). One that did
// anything else (an error, a short circuit, a message) gets a row too, for
// the hook log's lists across requests.
bool keepsHookRow(const TraceSpan &span);
// The hook log's level of a call that ended with `outcome`.
const char *hookCallLevel(QStringView outcome);
bool writeHookCall(RowSink &sink, const RequestTrace &trace, const TraceSpan &span, QString *error);
bool writeLogLine(RowSink &sink, const PluginLogLine &line, QString *error);

// The spans as the JSON array stored with the bodies; appended in place
// (a body block's entry) or as a value of its own.
void appendSpansJson(QByteArray &out, const QVector<TraceSpan> &spans);
QByteArray spansJson(const QVector<TraceSpan> &spans);

bool deleteBefore(StoreConnection &c, qint64 cutoffMs, QString *error, qint64 *deleted = nullptr);
// Deletes the oldest `fraction` of the requests (and their content and hook lines).
bool deleteOldestSlice(StoreConnection &c, double fraction, QString *error);
// Bytes the log data occupies (free pages not counted); -1 on error.
qint64 storeSizeBytes(StoreConnection &c, QString *error);

}  // namespace LogRows

}  // namespace gatehouse
