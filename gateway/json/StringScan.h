#pragma once

// Finding where a JSON string's plain text stops, sixteen bytes at a time.
// Most of a request or an answer is string text; a byte-at-a-time loop
// cost ~5.5 instructions per byte of it (callgrind), SSE2 (every x86-64
// has it) a fraction of one. Other targets take the byte loop.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gatehouse::json {

// The first byte at or after `p` that is '"', '\\', a control character
// (< 0x20) or not ASCII (>= 0x80): what a validating string reader must
// look at. `end` when there is none.
inline const char *plainTextEnd(const char *p, const char *end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    // Signed compare: below 0x20 or 0x80 and up (negative as signed bytes).
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i stop =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                         _mm_cmplt_epi8(v, space));
        const int mask = _mm_movemask_epi8(stop);
        if (mask) return p + __builtin_ctz(unsigned(mask));
        p += 16;
    }
#endif
    while (p < end) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
        ++p;
    }
    return end;
}

// The first '"' or '\\' at or after `p` (`end` when there is none): where a
// string of text known to be well-formed may end.
inline const char *quoteOrBackslash(const char *p, const char *end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int mask =
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        if (mask) return p + __builtin_ctz(unsigned(mask));
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '\\') ++p;
    return p;
}

}  // namespace gatehouse::json
