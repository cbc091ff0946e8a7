#include "FakePromptCache.h"

#include "FakeResponses.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::fake {

struct FakePromptCache::Block {
    QJsonValue value;  // without its marker
    bool marked = false;
    int tokens = 0;
};

namespace {

using Block = FakePromptCache::Block;

void add(const QJsonValue &v, QList<Block> *out) {
    QJsonObject o = v.toObject();
    Block b;
    b.marked = o.contains(QLatin1String("cache_control"));
    o.remove(QLatin1String("cache_control"));
    b.value = v.isObject() ? QJsonValue(o) : v;
    b.tokens = fakeTokenCount(QString::fromUtf8(QJsonDocument(QJsonArray{b.value}).toJson()));
    out->append(b);
}

// A string is shorthand for one text block, as Anthropic reads it.
QJsonValue textBlock(const QJsonValue &content) {
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                       {QStringLiteral("text"), content}};
}

QList<Block> blocksOf(const QJsonObject &body) {
    QList<Block> blocks;
    for (const QJsonValue &t : body.value(QLatin1String("tools")).toArray()) add(t, &blocks);
    const QJsonValue system = body.value(QLatin1String("system"));
    if (system.isArray())
        for (const QJsonValue &s : system.toArray()) add(s, &blocks);
    else if (system.isString())
        add(textBlock(system), &blocks);
    for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray()) {
        const QJsonValue content = m.toObject().value(QLatin1String("content"));
        add(m.toObject().value(QLatin1String("role")), &blocks);
        if (content.isArray())
            for (const QJsonValue &c : content.toArray()) add(c, &blocks);
        else
            add(content.isString() ? textBlock(content) : content, &blocks);
    }
    return blocks;
}

// Converse blocks: a {"cachePoint": ...} entry marks the block before it.
void addConverse(const QJsonArray &items, QList<Block> *out) {
    for (const QJsonValue &item : items) {
        if (item.toObject().contains(QLatin1String("cachePoint"))) {
            if (!out->isEmpty()) out->last().marked = true;
            continue;
        }
        add(item, out);
    }
}

QList<Block> converseBlocksOf(const QJsonObject &body) {
    QList<Block> blocks;
    addConverse(
        body.value(QLatin1String("toolConfig")).toObject().value(QLatin1String("tools")).toArray(),
        &blocks);
    addConverse(body.value(QLatin1String("system")).toArray(), &blocks);
    for (const QJsonValue &m : body.value(QLatin1String("messages")).toArray()) {
        add(m.toObject().value(QLatin1String("role")), &blocks);
        addConverse(m.toObject().value(QLatin1String("content")).toArray(), &blocks);
    }
    return blocks;
}

}  // namespace

FakePromptCache::Usage FakePromptCache::apply(const QJsonObject &body) {
    return applyBlocks(body.value(QLatin1String("model")).toString().toUtf8(), blocksOf(body));
}

FakePromptCache::Usage FakePromptCache::applyConverse(const QJsonObject &body,
                                                      const QByteArray &modelId) {
    return applyBlocks(modelId, converseBlocksOf(body));
}

FakePromptCache::Usage FakePromptCache::applyBlocks(const QByteArray &model,
                                                    const QList<Block> &blocks) {
    // The prefix hash and token count at every block boundary.
    QList<QByteArray> keys;
    QList<int> tokens;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(model);
    int sum = 0;
    int lastMarked = -1;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        hash.addData(QJsonDocument(QJsonArray{blocks[i].value}).toJson(QJsonDocument::Compact));
        sum += blocks[i].tokens;
        keys << hash.result();
        tokens << sum;
        if (blocks[i].marked) lastMarked = int(i);
    }
    QMutexLocker lock(&mutex_);
    Usage u;
    for (qsizetype i = keys.size() - 1; i >= 0; --i)
        if (written_.contains(keys[i])) {
            u.read = tokens[i];
            break;
        }
    if (lastMarked >= 0 && tokens[lastMarked] > u.read) u.written = tokens[lastMarked] - u.read;
    for (qsizetype i = 0; i < blocks.size(); ++i)
        if (blocks[i].marked) written_.insert(keys[i]);
    return u;
}

}  // namespace gatehouse::fake
