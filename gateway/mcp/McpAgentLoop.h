#pragma once

#include "McpHost.h"
#include "trace/RequestTrace.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <functional>
#include <optional>

namespace gatehouse {

struct McpConfig;

// Agent mode (Bifrost's): when a model answers with calls of MCP tools the
// gateway may run itself (their server's tools_to_auto_execute), the
// gateway runs them, adds the call and its results to the conversation and
// asks the model again, until the model answers without such calls or
// mcp.tool_manager_config.max_agent_depth rounds ran (that answer then goes
// to the client, tool calls and all). When an answer also calls tools the
// gateway may not run, those go to the client after the others ran: the
// answer's text says what ran and what it returned, its tool_calls are the
// rest, its finish_reason "stop" (Bifrost's contract). Works on the
// canonical (chat-completions) shape, so every client format gets it; not
// for streamed requests. One per request, on its worker thread.
class McpAgentLoop {
public:
    // `offered`: the MCP tools the request was given; `requestId` names
    // the request in the hook log's lines of its tool calls.
    McpAgentLoop(McpHost *host, const McpConfig &config, const QList<McpOfferedTool> &offered,
                 QString requestId = QString());

    // Whether any offered tool may run on its own (else there is no loop).
    bool active() const { return !autoTools_.isEmpty(); }

    struct Step {
        QJsonObject assistant;  // the answer's message, as the conversation gets it
        QJsonArray autoCalls;   // the calls the gateway runs
        QJsonArray pendingCalls;
    };
    // The calls to run in `answer` (a chat completion); nullopt when there
    // are none, or max_agent_depth rounds ran already.
    std::optional<Step> nextStep(const QJsonObject &answer) const;

    using Ran = std::function<void(QJsonArray toolMessages, QList<TraceSpan> spans)>;
    // Runs the step's calls at once on the MCP host; `done` gets a "tool"
    // message per call, in call order, and a span per call (its start
    // `startUs` plus its own time), on `context`'s thread. Counts a round and
    // the answer's usage.
    void run(const Step &step, const QJsonObject &usage, qint64 startUs, QObject *context,
             Ran done);

    // The conversation for the next model call: `body`'s messages plus the
    // step's assistant message and the tool results.
    static void extend(QJsonObject *body, const Step &step, const QJsonArray &toolMessages);
    // The answer for the client when the step left calls pending.
    static QJsonObject pendingAnswer(QJsonObject answer, const Step &step,
                                     const QJsonArray &toolMessages);
    // `answer` with the usage of the earlier rounds' answers added.
    QJsonObject withTotalUsage(QJsonObject answer) const;

    int rounds() const { return rounds_; }
    void reset();  // a new target: no rounds, no usage

private:
    McpHost *host_;
    QString requestId_;
    int maxRounds_;
    QSet<QString> autoTools_;  // offered names
    int rounds_ = 0;
    QJsonObject usage_;  // summed over the rounds' answers
};

}  // namespace gatehouse
