#include "ContextGuard.h"

#include "trace/RequestTrace.h"

#include <algorithm>

namespace gatehouse {

namespace {

// Tokenizers are deterministic: a prompt that only grew never counts fewer
// tokens. The slack covers a template's per-turn overhead changing (a
// reasoning block a server strips from history, say).
int dropSlack(int earlierPrompt) {
    return qMax(64, earlierPrompt / 10);
}

bool extends(const CachePrefix &earlier, const CachePrefix &turn) {
    if (turn.messages.size() <= earlier.messages.size()) return false;
    return std::equal(earlier.messages.cbegin(), earlier.messages.cend(), turn.messages.cbegin());
}

}  // namespace

QString ContextGuard::atLimit(const RequestTrace &trace) {
    if (trace.contextWindow <= 0 || !trace.promptTokens || trace.status >= 400) return {};
    const int prompt = *trace.promptTokens;
    const int window = trace.contextWindow;
    if (prompt < window - limitMargin(window)) return {};
    const QString where = trace.provider + QLatin1Char('/') + trace.model;
    const QString source = trace.contextWindowAssumed
                               ? QStringLiteral(
                                     "Ollama's default context of %1 tokens (no context_window is "
                                     "configured for %2)")
                                     .arg(window)
                                     .arg(trace.provider)
                               : QStringLiteral("the context window of %1 tokens configured for %2")
                                     .arg(window)
                                     .arg(where);
    return QStringLiteral(
               "The prompt was probably cut short: %1 prompt tokens reached %2. A local server "
               "keeps the system prompt and the newest messages and silently drops the rest; "
               "give the model a larger context (see docs/clients.md, \"Local models\").")
        .arg(prompt)
        .arg(source);
}

QString ContextGuard::shrank(const CachePrefix &earlier, const CachePrefix &turn) {
    if (earlier.target != turn.target || earlier.tools != turn.tools ||
        earlier.system != turn.system || !extends(earlier, turn))
        return {};
    if (earlier.prompt <= 0 || turn.prompt <= 0) return {};
    if (turn.prompt + dropSlack(earlier.prompt) > earlier.prompt) return {};
    return QStringLiteral(
               "The prompt was probably cut short: %1 prompt tokens, down from %2 in the turn "
               "before (%3), though the conversation only grew (%4 messages, was %5). The "
               "server dropped older messages to fit its context window; give the model a "
               "larger context (see docs/clients.md, \"Local models\").")
        .arg(turn.prompt)
        .arg(earlier.prompt)
        .arg(earlier.requestId)
        .arg(turn.messages.size())
        .arg(earlier.messages.size());
}

QString ContextGuard::observe(const RequestTrace &trace, const CachePrefix *prefix) {
    QString warning = atLimit(trace);
    if (!prefix || trace.sessionId.isEmpty() || trace.status >= 400 || prefix->prompt <= 0)
        return warning;
    std::deque<CachePrefix> &turns = sessions_[trace.sessionId];
    // The newest turn of the same model, tools and system prompt: a session
    // mixes its main conversation with sub-agents' and small models' calls.
    const auto earlier = std::find_if(turns.crbegin(), turns.crend(), [&](const CachePrefix &p) {
        return p.requestId != prefix->requestId && p.target == prefix->target &&
               p.tools == prefix->tools && p.system == prefix->system;
    });
    if (warning.isEmpty() && earlier != turns.crend()) warning = shrank(*earlier, *prefix);

    const bool seen = std::any_of(turns.cbegin(), turns.cend(), [&](const CachePrefix &p) {
        return p.requestId == prefix->requestId;
    });
    if (!seen) {
        turns.push_back(*prefix);
        if (turns.size() > size_t(kTurnsKept)) turns.pop_front();
    }
    recent_.erase(std::remove(recent_.begin(), recent_.end(), trace.sessionId), recent_.end());
    recent_.push_back(trace.sessionId);
    while (recent_.size() > size_t(kSessionsKept)) {
        sessions_.remove(recent_.front());
        recent_.pop_front();
    }
    return warning;
}

}  // namespace gatehouse
