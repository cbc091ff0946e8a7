#include "ResponseMemory.h"

#include "json/JsonWriter.h"

#include <QJsonDocument>

namespace gatehouse::responses {

ResponseMemory &ResponseMemory::shared() {
    static ResponseMemory memory;
    return memory;
}

void ResponseMemory::put(const QString &id, const QJsonArray &conversation,
                         const QByteArray &responseJson) {
    Entry entry{toCompactJson(conversation), responseJson};
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
