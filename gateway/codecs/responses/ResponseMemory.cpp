#include "ResponseMemory.h"
#include "ResponseArchive.h"

#include "json/JsonWriter.h"

#include <QJsonDocument>

namespace gatehouse::responses {

void ResponseMemory::setArchive(std::shared_ptr<ResponseArchive> archive) {
    archive_ = std::move(archive);
}

QString ResponseMemory::keptHow() {
    return QStringLiteral(
        "Gatehouse keeps responses made with \"store\" (the default) in its store for "
        "log_retention_days, or in memory until it restarts when content logging is off");
}

void ResponseMemory::put(const QString &id, const QJsonArray &conversation,
                         const QByteArray &responseJson) {
    Entry entry{toCompactJson(conversation), responseJson};
    if (archive_) archive_->save(id, entry.conversation, entry.response);
    insert(id, std::move(entry));
}

void ResponseMemory::putJson(const QString &id, QByteArray conversationJson,
                             const QByteArray &responseJson) {
    Entry entry{std::move(conversationJson), responseJson};
    if (archive_) archive_->save(id, entry.conversation, entry.response);
    insert(id, std::move(entry));
}

void ResponseMemory::adopt(const QString &id, const QByteArray &conversationJson,
                           const QByteArray &responseJson) {
    insert(id, Entry{conversationJson, responseJson});
}

void ResponseMemory::insert(const QString &id, Entry entry) {
    const qsizetype size = entry.conversation.size() + entry.response.size();
    QMutexLocker lock(&mutex_);
    if (entries_.contains(id)) return;
    bytes_ += size;
    entries_.insert(id, std::move(entry));
    order_.push_back(id);
    while (!order_.empty() && (int(entries_.size()) > kMaxEntries || bytes_ > kMaxBytes)) {
        const auto it = entries_.constFind(order_.front());
        if (it != entries_.constEnd()) {
            bytes_ -= it->conversation.size() + it->response.size();
            entries_.erase(it);
        }
        order_.pop_front();
    }
}

bool ResponseMemory::contains(const QString &id) const {
    QMutexLocker lock(&mutex_);
    return entries_.contains(id);
}

bool ResponseMemory::conversation(const QString &id, QJsonArray *out) const {
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(id);
    if (it == entries_.constEnd()) return false;
    *out = QJsonDocument::fromJson(it->conversation).array();
    return true;
}

bool ResponseMemory::response(const QString &id, QByteArray *json) const {
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(id);
    if (it == entries_.constEnd()) return false;
    *json = it->response;
    return true;
}

bool ResponseMemory::remove(const QString &id) {
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(id);
    if (it == entries_.constEnd()) return false;
    bytes_ -= it->conversation.size() + it->response.size();
    entries_.erase(it);
    // Its id stays in order_ until it comes up: removal is rare.
    return true;
}

}  // namespace gatehouse::responses
