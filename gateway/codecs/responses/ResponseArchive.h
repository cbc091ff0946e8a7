#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace gatehouse::responses {

// Where stored Responses-API responses outlive the process (the store's
// stored_responses table; store/ResponseStore.h, joined in Gateway.cpp). ResponseMemory hands each
// new response to it; reading back is the gateway's business (a lookup that
// misses the memory asks the store asynchronously, then retries).
class ResponseArchive {
public:
    virtual ~ResponseArchive() = default;
    // Any thread; never waits for the store. `id` is UTF-8, `conversation`
    // and `response` compact JSON.
    virtual void save(QByteArrayView id, QByteArrayView conversation, QByteArrayView response) = 0;
};

}  // namespace gatehouse::responses
