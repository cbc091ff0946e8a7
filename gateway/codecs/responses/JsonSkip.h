#pragma once

#include "json/StringScan.h"

// Stepping over well-formed JSON text (validated before: a provider's
// answer, a request body), inline: the byte paths step over every value
// they do not read, and a call per byte was most of that cost.
namespace gatehouse::responses {

inline bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

inline const char *skipSpace(const char *p, const char *end) {
    while (p < end && isSpace(*p)) ++p;
    return p;
}

// Past the string that starts at `p` (its opening quote).
inline const char *skipString(const char *p, const char *end) {
    ++p;
    while (p < end) {
        p = json::quoteOrBackslash(p, end);
        if (p >= end) break;
        if (*p == '"') return p + 1;
        p += 2;  // an escape and the character it escapes
    }
    return end;
}

// Past the value that starts at `p`; a scalar ends at the first delimiter
// (so a delimiter or a space at `p` is where it ends). Malformed text gives
// a wrong end, never one past `end`.
inline const char *skipValue(const char *p, const char *end) {
    if (p >= end) return end;
    if (*p == '"') return skipString(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            const char c = *p;
            if (c == '"') {
                p = skipString(p, end);
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return p + 1;
            }
            ++p;
        }
        return end;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && !isSpace(*p)) ++p;
    return p;
}

}  // namespace gatehouse::responses
