#pragma once

#include "CachePrefix.h"

#include <QHash>
#include <QString>
#include <deque>

namespace gatehouse {

struct RequestTrace;

// Spots prompts a server cut short without saying so. Ollama (and other
// local OpenAI-compatible servers) fit a prompt longer than the model's
// context into it by dropping the oldest messages, answer 200 and report
// the shortened prompt's tokens: an agent then forgets its instructions
// or the tool call it just made. Two signs give it away:
//  - the prompt's tokens reached the provider's context window (its
//    "context_window", or Ollama's default when none is configured);
//  - within an agent session, a turn whose conversation is the turn
//    before's plus more messages (same model, tools and system prompt)
//    reported clearly fewer prompt tokens than that turn: nothing but a
//    cut explains it (a proxy's "middle-out" transform included).
// Lives on the log writer's thread, like CacheWatch: workers never parse a
// body for it.
class ContextGuard {
public:
    // The warning for `trace`, for people; empty when neither sign shows.
    // `prefix`: the turn's cache prefix (a session turn with a JSON body),
    // else null. Remembers the turn.
    QString observe(const RequestTrace &trace, const CachePrefix *prefix);

    // The first sign alone.
    static QString atLimit(const RequestTrace &trace);
    // The second sign: `turn` against `earlier` of the same session.
    static QString shrank(const CachePrefix &earlier, const CachePrefix &turn);

    // A prompt this close under the window counts as at it: Ollama drops
    // whole messages, so a cut prompt ends a little short of the limit.
    static int limitMargin(int window) { return qMax(16, window / 32); }

    static constexpr int kTurnsKept = 8;       // per session
    static constexpr int kSessionsKept = 256;  // the least recently active go first

private:
    QHash<QString, std::deque<CachePrefix>> sessions_;
    std::deque<QString> recent_;  // session ids, least recently active first
};

}  // namespace gatehouse
