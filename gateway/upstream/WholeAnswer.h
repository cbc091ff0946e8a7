#pragma once

#include "UpstreamRequest.h"

#include <functional>
#include <memory>

namespace gatehouse {

class UpstreamCall;
class UpstreamClient;

// An upstream answer read to its end: for the gateway's own small calls
// (a provider's model list, an OAuth token), not for relayed answers.
struct WholeAnswer {
    int status = 0;  // 0 when the call failed before a head
    HttpHeaders headers;
    QByteArray body;  // at most the `maxBody` asked for; the rest is dropped
    bool failed = false;
    UpstreamError error;  // when failed
};

// Sends `request` and calls `done` once, on the client's thread, with the
// whole answer or the failure. `done` owns whatever it captures; it is not
// called if the returned call is cancelled.
std::shared_ptr<UpstreamCall> fetchWhole(UpstreamClient &client, UpstreamRequest request,
                                         qsizetype maxBody,
                                         std::function<void(const WholeAnswer &)> done);

}  // namespace gatehouse
