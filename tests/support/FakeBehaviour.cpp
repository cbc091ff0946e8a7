#include "FakeBehaviour.h"

#include <QRegularExpression>

namespace gatehouse {

namespace {

// A modifier counts only as a whole word of the model name: "status-4290"
// must not read as status-429, and "preset" must not read as reset.
QRegularExpression modifier(const char *pattern) {
    QRegularExpression re(QStringLiteral("(?<![a-z0-9])") + QLatin1String(pattern) +
                          QStringLiteral("(?![a-z0-9])"));
    re.optimize();
    return re;
}

// Compiled once per thread: compiling per request costs more than the rest of
// an answer, and one thread's matches never touch another thread's objects.
struct Modifiers {
    const QRegularExpression latency = modifier("latency-(\\d+)");
    const QRegularExpression status = modifier("status-(\\d{3})");
    const QRegularExpression retryAfter = modifier("retry-after-(\\d+)");
    const QRegularExpression resetMidStream = modifier("reset-mid-stream");
    const QRegularExpression reset = modifier("reset(?!-mid-stream)");
    const QRegularExpression streamEvents = modifier("stream-events-(\\d+)-every-(\\d+)");
    const QRegularExpression drip = modifier("drip-(\\d+)");
    const QRegularExpression malformedJson = modifier("malformed-json");
    const QRegularExpression brokenSse = modifier("broken-sse");
    const QRegularExpression big = modifier("big-(\\d+)");
    const QRegularExpression context = modifier("ctx-(\\d+)");
};

const Modifiers &modifiers() {
    static thread_local const Modifiers m;
    return m;
}

// Captured number, clamped so a typo cannot schedule a timer for years.
qint64 number(const QRegularExpressionMatch &m, int group, qint64 max) {
    return qBound<qint64>(0, m.captured(group).toLongLong(), max);
}

}  // namespace

FakeBehaviour parseFakeBehaviour(const QByteArray &modelName) {
    const QString model = QString::fromUtf8(modelName).toLower();
    const Modifiers &mods = modifiers();
    FakeBehaviour b;
    constexpr qint64 kMaxMs = 3'600'000;
    if (auto m = mods.latency.match(model); m.hasMatch()) b.latencyMs = int(number(m, 1, kMaxMs));
    if (auto m = mods.status.match(model); m.hasMatch()) b.status = m.captured(1).toInt();
    if (auto m = mods.retryAfter.match(model); m.hasMatch())
        b.retryAfterSeconds = int(number(m, 1, 86'400));
    b.resetMidStream = mods.resetMidStream.match(model).hasMatch();
    b.reset = mods.reset.match(model).hasMatch();
    if (auto m = mods.streamEvents.match(model); m.hasMatch()) {
        b.streamEvents = int(qMax<qint64>(1, number(m, 1, 100'000)));
        b.streamIntervalMs = int(number(m, 2, kMaxMs));
        b.forceStream = true;
    }
    if (auto m = mods.drip.match(model); m.hasMatch()) {
        b.dripMs = int(qMax<qint64>(1, number(m, 1, kMaxMs)));
        b.forceStream = true;
    }
    b.malformedJson = mods.malformedJson.match(model).hasMatch();
    b.brokenSse = mods.brokenSse.match(model).hasMatch();
    if (auto m = mods.big.match(model); m.hasMatch()) b.bigBytes = number(m, 1, 1LL << 30);
    b.tool = model.contains(QStringLiteral("tool"));
    b.promptCache = model.contains(QStringLiteral("cache"));
    if (auto m = mods.context.match(model); m.hasMatch())
        b.contextTokens = int(number(m, 1, 1 << 24));
    if (b.resetMidStream || b.brokenSse) b.forceStream = true;
    return b;
}

}  // namespace gatehouse
