#include "ResponseMemory.h"

#include <QJsonDocument>

namespace gatehouse::responses {

ResponseMemory &ResponseMemory::shared() {
    static ResponseMemory memory;
    return memory;
}

void ResponseMemory::put(const QString &id, const QJsonArray &conversation,
                         const QJsonObject &response) {
    Entry entry{conversation, response,
                QJsonDocument(conversation).toJson(QJsonDocument::Compact).size() +
                    QJsonDocument(response).toJson(QJsonDocument::Compact).size()};
    QMutexLocker lock(&mutex_);
    if (entries_.contains(id)) return;
    bytes_ += entry.bytes;
    entries_.insert(id, std::move(entry));
    order_.push_back(id);
    while (!order_.empty() && (int(entries_.size()) > kMaxEntries || bytes_ > kMaxBytes)) {
        const auto it = entries_.constFind(order_.front());
        if (it != entries_.constEnd()) {
            bytes_ -= it->bytes;
            entries_.erase(it);
        }
        order_.pop_front();
    }
}

bool ResponseMemory::conversation(const QString &id, QJsonArray *out) const {
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(id);
    if (it == entries_.constEnd()) return false;
    *out = it->conversation;
    return true;
}

bool ResponseMemory::response(const QString &id, QJsonObject *out) const {
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(id);
    if (it == entries_.constEnd()) return false;
    *out = it->response;
    return true;
}

bool ResponseMemory::remove(const QString &id) {
    QMutexLocker lock(&mutex_);
    const auto it = entries_.constFind(id);
    if (it == entries_.constEnd()) return false;
    bytes_ -= it->bytes;
    entries_.erase(it);
    // Its id stays in order_ until it comes up: removal is rare.
    return true;
}

}  // namespace gatehouse::responses
