#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse::responses {

// Where stored Responses-API responses outlive the process (the store's
// stored_responses table; store/ResponseStore.h, joined in Gateway.cpp). ResponseMemory hands each
// new response to it; reading back is the gateway's business (a lookup that
// misses the memory asks the store asynchronously, then retries).
class ResponseArchive {
public:
    virtual ~ResponseArchive() = default;
    // Any thread; never waits for the store. `conversation` and `response`
    // are compact JSON.
    virtual void save(const QString &id, const QByteArray &conversation,
                      const QByteArray &response) = 0;
};

}  // namespace gatehouse::responses
