#include "WholeAnswer.h"

#include "UpstreamClient.h"

namespace gatehouse {

namespace {

// Collects the answer; owned by the call (UpstreamClient::sendOwned).
class WholeAnswerListener final : public UpstreamListener {
public:
    WholeAnswerListener(qsizetype maxBody, std::function<void(const WholeAnswer &)> done)
        : maxBody_(maxBody), done_(std::move(done)) {}

    void onUpstreamHead(int status, const HttpHeaders &headers) override {
        answer_.status = status;
        answer_.headers = headers;
    }
    void onUpstreamData(const QByteArray &data) override {
        const qsizetype room = maxBody_ - answer_.body.size();
        if (room > 0) answer_.body += data.left(room);
    }
    void onUpstreamDone() override { finish(); }
    void onUpstreamError(const UpstreamError &error) override {
        answer_.failed = true;
        answer_.error = error;
        finish();
    }

private:
    void finish() {
        // Called once: the client says done or error, never both.
        if (auto done = std::move(done_)) done(answer_);
    }

    qsizetype maxBody_;
    std::function<void(const WholeAnswer &)> done_;
    WholeAnswer answer_;
};

}  // namespace

std::shared_ptr<UpstreamCall> fetchWhole(UpstreamClient &client, UpstreamRequest request,
                                         qsizetype maxBody,
                                         std::function<void(const WholeAnswer &)> done) {
    return client.sendOwned(std::move(request),
                            std::make_shared<WholeAnswerListener>(maxBody, std::move(done)));
}

}  // namespace gatehouse
