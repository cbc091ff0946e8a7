#include "PlainUsage.h"

#include <array>
#include <cstring>
#include <string_view>

namespace gatehouse {

namespace {

// The bytes a plain string holds: printable ASCII but the quote and the
// backslash (a table: one look-up a byte, not four comparisons).
constexpr std::array<bool, 256> kPlainText = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[size_t(c)] = c != '"' && c != '\\';
    return plain;
}();

// The text of a plain usage object, read token by token.
class Cursor {
public:
    explicit Cursor(const QByteArray &text)
        : p_(text.constData()), end_(text.constData() + text.size()) {}

    bool atEnd() {
        skipSpace();
        return p_ == end_;
    }
    // The next token is `c`: taken.
    bool take(char c) {
        skipSpace();
        if (p_ == end_ || *p_ != c) return false;
        ++p_;
        return true;
    }
    // A string without escapes, control bytes or non-ASCII bytes (those
    // need the validating reader): its text, without the quotes.
    bool string(std::string_view *text) {
        if (!take('"')) return false;
        // A local cursor: a byte read through p_ could alias p_ itself, so a
        // loop on the member stored and reloaded it every byte.
        const char *start = p_, *p = p_;
        while (p != end_ && kPlainText[static_cast<unsigned char>(*p)]) ++p;
        if (p == end_ || *p != '"') return false;  // the end, or an escape, control, non-ASCII
        *text = std::string_view(start, size_t(p - start));
        p_ = p + 1;
        return true;
    }
    // A value that is not an object or array. `count`: a whole number of at
    // most nine digits, as UsageText's numberAt reads it; none for a
    // string, true, false or null. `odd`: a number of another form
    // (negative, fraction, more digits), whose count only the
    // validating reader reads as Qt does.
    bool scalar(std::optional<int> *count, bool *odd) {
        skipSpace();
        *count = std::nullopt;
        *odd = false;
        if (p_ == end_) return false;
        switch (*p_) {
            case '"': {
                std::string_view ignored;
                return string(&ignored);
            }
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number(count, odd);
        }
    }

private:
    void skipSpace() {
        // Most tokens follow one another without space: one comparison.
        const char *p = p_;
        while (p != end_ && static_cast<unsigned char>(*p) <= ' ' &&
               (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
        p_ = p;
    }
    bool literal(std::string_view word) {
        if (size_t(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
            return false;
        p_ += word.size();
        return true;
    }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    // JSON's number without an exponent: -?(0|[1-9][0-9]*)(.[0-9]+)?
    bool number(std::optional<int> *count, bool *odd) {
        const char *p = p_;  // local: see string()
        const bool negative = *p == '-';
        if (negative) ++p;
        if (p == end_ || !isDigit(*p)) return false;
        const char *digits = p;
        int n = 0;
        if (*p == '0') {
            ++p;
        } else {
            for (; p != end_ && isDigit(*p); ++p)
                if (p - digits < 9) n = n * 10 + (*p - '0');
        }
        const bool whole = p - digits <= 9;
        if (p != end_ && *p == '.') {
            *odd = true;
            if (++p == end_ || !isDigit(*p)) return false;
            while (p != end_ && isDigit(*p)) ++p;
        }
        // An exponent, or hundreds of digits, can be beyond a double, which
        // the validating reader refuses as Qt's parser does: left to it.
        if ((p != end_ && (*p == 'e' || *p == 'E')) || p - p_ > 300) return false;
        if (negative || !whole) *odd = true;
        if (!*odd) *count = n;
        p_ = p;
        return true;
    }

    const char *p_;
    const char *const end_;
};

}  // namespace

void PlainUsage::note(int name, int member, std::optional<int> count) {
    member_[size_t(name)] = member;
    if (count) {
        value_[size_t(name)] = *count;
        counted_ |= 1u << name;
    } else {
        counted_ &= ~(1u << name);
    }
}

bool PlainUsage::read(const QByteArray &text) {
    static_assert(kUsageNameCount <= 32, "counted_ holds a bit a name");
    member_.fill(-1);
    counted_ = 0;
    innerCount_ = 0;
    Cursor c(text);
    if (!c.take('{')) return false;
    if (c.take('}')) return c.atEnd();
    int member = 0;
    do {
        std::string_view key;
        if (!c.string(&key) || !c.take(':')) return false;
        const int name = usageNameOf(key);
        if (c.take('{')) {
            if (name >= 0) note(name, member, std::nullopt);
            // Its members: scalars only (deeper objects need the other reader).
            const int parent = name >= 0 ? member : -1;
            if (!c.take('}')) {
                do {
                    std::string_view innerKey;
                    std::optional<int> count;
                    bool odd;
                    if (!c.string(&innerKey) || !c.take(':') || !c.scalar(&count, &odd))
                        return false;
                    const int innerName = parent >= 0 ? usageNameOf(innerKey) : -1;
                    if (innerName < 0) continue;
                    if (odd || innerCount_ == kMaxInner) return false;
                    inner_[size_t(innerCount_++)] = {parent, UsageName(innerName), count};
                } while (c.take(','));
                if (!c.take('}')) return false;
            }
        } else {
            std::optional<int> count;
            bool odd;
            if (!c.scalar(&count, &odd)) return false;  // an array too
            if (name >= 0) {
                if (odd) return false;
                note(name, member, count);
            }
        }
        ++member;
    } while (c.take(','));
    return c.take('}') && c.atEnd();
}

std::optional<int> PlainUsage::count(UsageName object, UsageName key) const {
    std::optional<int> found;
    const int parent = member_[object];
    if (parent < 0) return found;
    for (int i = 0; i < innerCount_; ++i)
        if (inner_[size_t(i)].parent == parent && inner_[size_t(i)].name == key)
            found = inner_[size_t(i)].value;
    return found;
}

}  // namespace gatehouse
