#include "RequestBlocks.h"

#include "LogRows.h"
#include "json/ByteAppend.h"

#include <algorithm>

namespace gatehouse::RequestBlocks {

namespace {

// A listed value is at most this long; a longer one marks its kind "*".
constexpr qsizetype kLongestKey = 120;

bool listable(QStringView value) {
    return value.size() <= kLongestKey && !value.contains(QLatin1Char('\n'));
}

}  // namespace

Builder::Builder() : columns_(kColumnCount) {
    block_.keys = QByteArrayLiteral("\n");
}

bool Builder::add(const RequestTrace &t, const QString &instance, std::optional<qint64> bodyBlock,
                  const QByteArray &cacheReport, const QString &contextWarning, QString *error) {
    const QString plugins = t.pluginList();
    if (!LogRows::writeRequest(columns_, t, instance, bodyBlock, cacheReport, contextWarning,
                               plugins, error))
        return false;
    noteRow(t.startedAtMs, t.status, t.latencyUs,
            {{Key::Provider, t.provider},
             {Key::Model, t.model},
             {Key::Endpoint, t.endpoint},
             {Key::VirtualKey, t.virtualKey},
             {Key::Agent, t.agent},
             {Key::Session, t.sessionId}},
            plugins);
    return true;
}

void Builder::noteRow(qint64 ts, int status, qint64 latencyUs,
                      std::initializer_list<std::pair<Key, QStringView>> keys,
                      QStringView plugins) {
    if (block_.rows == 0 || ts < block_.firstMs) block_.firstMs = ts;
    if (block_.rows == 0 || ts > block_.lastMs) block_.lastMs = ts;
    ++block_.rows;
    if (status >= 400) ++block_.errors;
    block_.maxLatencyUs = qMax(block_.maxLatencyUs, latencyUs);
    for (const auto &[kind, value] : keys)
        if (!value.isEmpty()) addKey(kind, value);
    // ",a,b,": each plugin its own entry (RequestTrace::pluginList names a
    // plugin once, so a request counts once for each).
    for (const QStringView name : plugins.split(QLatin1Char(','), Qt::SkipEmptyParts))
        addKey(Key::Plugin, name);
}

void Builder::noteRow(qint64 ts, int status, qint64 latencyUs,
                      const std::function<QString(Column)> &text) {
    const QString provider = text(kProvider), model = text(kModel), endpoint = text(kEndpoint),
                  key = text(kVirtualKey), agent = text(kAgent), session = text(kSessionId);
    noteRow(ts, status, latencyUs,
            {{Key::Provider, provider},
             {Key::Model, model},
             {Key::Endpoint, endpoint},
             {Key::VirtualKey, key},
             {Key::Agent, agent},
             {Key::Session, session}},
            text(kPlugins));
}

bool Builder::copy(ColumnBlock::Reader &from, int row, QString *error,
                   const std::function<qint64(qint64)> &bodyBlockId) {
    const ColumnBlock::Value *values[kColumnCount];
    for (int c = 0; c < kColumnCount; ++c)
        if (!(values[c] = from.column(c, error))) return false;
    for (int c = 0; c < kColumnCount; ++c) {
        const ColumnBlock::Value &v = values[c][row];
        if (v.tag == ColumnBlock::kNull)
            columns_.addNull();
        else if (v.tag == ColumnBlock::kInt)
            columns_.addInt(c == kBodyBlock && bodyBlockId ? bodyBlockId(v.integer) : v.integer);
        else
            columns_.addUtf8(from.text(c, v));
    }
    columns_.endRow(error);
    noteRow(values[kTs][row].integer, int(values[kStatus][row].integer),
            values[kLatencyUs][row].integer,
            [&](Column c) { return QString::fromUtf8(from.text(c, values[c][row])); });
    return true;
}

// Consecutive requests mostly share their values (the kind's last one is
// checked first), and a block lists a few distinct ones: a search of the
// short list is cheaper than a set.
void Builder::addKey(Key kind, QStringView value) {
    Last &last = last_[size_t(static_cast<unsigned char>(kind)) % last_.size()];
    if (last.entry >= 0 && last.kind == kind && last.value == value) {
        ++entries_[size_t(last.entry)].second;
        return;
    }
    line_.resize(0);
    appendByte(line_, char(kind));
    if (listable(value)) {
        appendByte(line_, '=');
        appendUtf8(line_, value);
    } else {
        appendByte(line_, '*');
    }
    appendByte(line_, '\n');
    // Found only at a line's start: after the "\n" the previous line ends with.
    qsizetype at = 0;
    while ((at = block_.keys.indexOf(line_, at)) > 0 && block_.keys[at - 1] != '\n') ++at;
    qsizetype entry = qsizetype(entries_.size());
    if (at > 0) {
        entry =
            std::lower_bound(entries_.begin(), entries_.end(), std::pair<qsizetype, int>(at, 0)) -
            entries_.begin();
        ++entries_[size_t(entry)].second;
    } else {
        entries_.push_back({block_.keys.size(), 1});
        appendBytes(block_.keys, line_);
    }
    last.kind = kind;
    last.value = value.toString();
    last.entry = entry;
}

Block Builder::finish() {
    Block out = std::move(block_);
    out.data = columns_.finish();
    // Each entry's line, then its count's.
    QByteArray keys;
    keys.reserve(out.keys.size() + qsizetype(entries_.size()) * 5);
    keys.append('\n');
    for (size_t i = 0; i < entries_.size(); ++i) {
        const qsizetype from = entries_[i].first;
        const qsizetype to = i + 1 < entries_.size() ? entries_[i + 1].first : out.keys.size();
        keys.append(out.keys.constData() + from, to - from);
        keys.append('#');
        appendDecimal(keys, entries_[i].second);
        keys.append('\n');
    }
    out.keys = std::move(keys);
    entries_.clear();
    for (Last &l : last_) l.entry = -1;
    block_ = Block();
    block_.keys = QByteArrayLiteral("\n");
    return out;
}

KeyCounter::KeyCounter(Key kind, QStringView value) {
    if (!listable(value)) return;
    line_ = QByteArrayLiteral("\n");
    line_.append(char(kind));
    line_.append('=');
    appendUtf8(line_, value);
    line_.append('\n');
}

std::optional<int> KeyCounter::count(QByteArrayView keys) const {
    if (line_.isEmpty()) return std::nullopt;
    const qsizetype at = keys.indexOf(line_);
    if (at < 0) return 0;
    // "#<count>\n" after the entry.
    qsizetype i = at + line_.size();
    if (i >= keys.size() || keys[i] != '#') return std::nullopt;
    qint64 count = 0;
    const qsizetype digits = ++i;
    for (; i < keys.size() && keys[i] >= '0' && keys[i] <= '9' && count <= kMaxRows; ++i)
        count = count * 10 + (keys[i] - '0');
    if (i == digits || i >= keys.size() || keys[i] != '\n' || count > kMaxRows) return std::nullopt;
    return int(count);
}

std::optional<int> keyCount(QByteArrayView keys, Key kind, QStringView value) {
    return KeyCounter(kind, value).count(keys);
}

QString keyCondition(Key kind, QStringView value, QVariantList *values) {
    if (!listable(value)) {
        values->append(QStringLiteral("%\n") + QChar::fromLatin1(char(kind)) +
                       QStringLiteral("*\n%"));
        return QStringLiteral("keys LIKE ? ESCAPE '\\'");
    }
    QString escaped = value.toString();
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    const QString k = QChar::fromLatin1(char(kind));
    values->append(QStringLiteral("%\n") + k + QLatin1Char('=') + escaped + QStringLiteral("\n%"));
    values->append(QStringLiteral("%\n") + k + QStringLiteral("*\n%"));
    return QStringLiteral("(keys LIKE ? ESCAPE '\\' OR keys LIKE ? ESCAPE '\\')");
}

}  // namespace gatehouse::RequestBlocks
