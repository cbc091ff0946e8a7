#include "JsonValidator.h"
#include "StringScan.h"

#include <utility>

namespace gatehouse {

namespace {

class Validator {
public:
    Validator(const char *p, const char *end, int maxDepth,
              QList<JsonMemberSpan> *members = nullptr)
        : begin_(p), p_(p), end_(end), maxDepth_(maxDepth), members_(members) {}
    void recordTree(std::vector<JsonTreeMember> *tree, int depth) {
        tree_ = tree;
        recordDepth_ = depth;
    }

    bool document() {
        skipSpace();
        if (p_ == end_ || *p_ != '{') return false;
        if (!value(0)) return false;
        skipSpace();
        return p_ == end_;
    }

private:
    // On a local pointer: stepping the member itself made the compiler
    // store it on every byte (a char read may alias it).
    void skipSpace() {
        const char *p = p_;
        while (p < end_ && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
        p_ = p;
    }

    bool literal(const char *word, int n) {
        if (end_ - p_ < n) return false;
        for (int i = 0; i < n; ++i)
            if (p_[i] != word[i]) return false;
        p_ += n;
        return true;
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool number() {
        const char *start = p_;
        bool exponent = false;
        if (p_ < end_ && *p_ == '-') ++p_;
        if (p_ == end_) return false;
        if (*p_ == '0') {
            ++p_;
        } else if (isDigit(*p_)) {
            while (p_ < end_ && isDigit(*p_)) ++p_;
        } else {
            return false;
        }
        if (p_ < end_ && *p_ == '.') {
            ++p_;
            if (p_ == end_ || !isDigit(*p_)) return false;
            while (p_ < end_ && isDigit(*p_)) ++p_;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            exponent = true;
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (p_ == end_ || !isDigit(*p_)) return false;
            while (p_ < end_ && isDigit(*p_)) ++p_;
        }
        // Grammatically fine but beyond a double (1e400, or 1e-400 rounding
        // to 0): Qt's parser refuses those, so must we, or an answer passed
        // on as valid would fail to parse later. Only an exponent or a very
        // long number can get there; Qt's own conversion decides.
        if (exponent || p_ - start > 300) {
            bool ok = false;
            QByteArray::fromRawData(start, p_ - start).toDouble(&ok);
            if (!ok) return false;
        }
        return true;
    }

    static bool isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // Validates UTF-8 too: an answer we pass on as bytes must be text.
    bool string() {
        ++p_;  // opening quote
        while (p_ < end_) {
            p_ = json::plainTextEnd(p_, end_);
            if (p_ == end_) return false;
            const unsigned char c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                ++p_;
                if (p_ == end_) return false;
                const char e = *p_++;
                if (e == 'u') {
                    if (end_ - p_ < 4) return false;
                    for (int i = 0; i < 4; ++i)
                        if (!isHex(p_[i])) return false;
                    p_ += 4;
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                           e != 'r' && e != 't') {
                    return false;
                }
                continue;
            }
            if (c < 0x80) {
                ++p_;
                continue;
            }
            int extra = 0;
            unsigned int min = 0;
            unsigned int cp = 0;
            if ((c & 0xE0) == 0xC0) {
                extra = 1, min = 0x80, cp = c & 0x1F;
            } else if ((c & 0xF0) == 0xE0) {
                extra = 2, min = 0x800, cp = c & 0x0F;
            } else if ((c & 0xF8) == 0xF0) {
                extra = 3, min = 0x10000, cp = c & 0x07;
            } else {
                return false;
            }
            if (end_ - p_ <= extra) return false;
            for (int i = 1; i <= extra; ++i) {
                const unsigned char cc = static_cast<unsigned char>(p_[i]);
                if ((cc & 0xC0) != 0x80) return false;
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
            p_ += extra + 1;
        }
        return false;
    }

    bool value(int depth) {
        skipSpace();
        if (p_ == end_) return false;
        switch (*p_) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", 4);
            case 'f':
                return literal("false", 5);
            case 'n':
                return literal("null", 4);
            default:
                return number();
        }
    }

    bool object(int depth) {
        if (depth > maxDepth_) return false;
        // Where this object sits, for its recorded members (scanJsonTree).
        const bool record = tree_ && depth <= recordDepth_;
        const int parent = parent_, element = element_;
        qsizetype previous = -1;  // this object's last recorded member
        direct_ = false;          // an object's own arrays are its members' values
        ++p_;
        skipSpace();
        if (p_ < end_ && *p_ == '}') {
            ++p_;
            return true;
        }
        for (;;) {
            skipSpace();
            JsonMemberSpan member;
            member.keyBegin = p_ - begin_;
            if (p_ == end_ || *p_ != '"' || !string()) return false;
            member.keyEnd = p_ - begin_;
            skipSpace();
            if (p_ == end_ || *p_++ != ':') return false;
            skipSpace();
            member.valueBegin = p_ - begin_;
            qsizetype index = -1;
            if (record) {
                index = qsizetype(tree_->size());
                tree_->push_back({member, parent, element, -1, -1});
                if (previous >= 0) (*tree_)[size_t(previous)].next = int(index);
                previous = index;
                parent_ = int(index);
                element_ = -1;
                direct_ = true;
            }
            if (!value(depth)) return false;
            member.valueEnd = p_ - begin_;
            if (record) {
                (*tree_)[size_t(index)].span.valueEnd = member.valueEnd;
                direct_ = false;
                parent_ = parent;
                element_ = element;
            }
            if (members_ && depth == 1) members_->append(member);
            skipSpace();
            if (p_ == end_) return false;
            if (*p_ == ',') {
                ++p_;
                continue;
            }
            if (*p_ == '}') {
                ++p_;
                return true;
            }
            return false;
        }
    }

    bool array(int depth) {
        if (depth > maxDepth_) return false;
        // The array a recorded member has as its own value: its elements'
        // objects say which element they are, and the member its length.
        const bool direct = tree_ && std::exchange(direct_, false);
        const int element = element_;
        int count = 0;
        ++p_;
        skipSpace();
        if (p_ < end_ && *p_ == ']') {
            ++p_;
            if (direct && parent_ >= 0) (*tree_)[size_t(parent_)].elements = 0;
            return true;
        }
        for (;;) {
            if (tree_) element_ = direct ? count : -2;
            if (!value(depth)) return false;
            ++count;
            skipSpace();
            if (p_ == end_) return false;
            if (*p_ == ',') {
                ++p_;
                continue;
            }
            if (*p_ == ']') {
                ++p_;
                if (tree_) {
                    element_ = element;
                    if (direct && parent_ >= 0) (*tree_)[size_t(parent_)].elements = count;
                }
                return true;
            }
            return false;
        }
    }

    const char *begin_;
    const char *p_;
    const char *end_;
    int maxDepth_;
    QList<JsonMemberSpan> *members_;
    // scanJsonTree: the members recorded, to which depth, and where the
    // value being read sits (the member it belongs to, its array element,
    // and whether it is that member's own value).
    std::vector<JsonTreeMember> *tree_ = nullptr;
    int recordDepth_ = 0;
    int parent_ = -1;
    int element_ = -1;
    bool direct_ = false;
};

}  // namespace

bool isValidJsonObject(const QByteArray &text, int maxDepth) {
    Validator v(text.constData(), text.constData() + text.size(), maxDepth);
    return v.document();
}

bool scanJsonObject(const QByteArray &text, QList<JsonMemberSpan> *members, int maxDepth) {
    members->clear();
    members->reserve(16);  // a request's usual members, without regrowing
    Validator v(text.constData(), text.constData() + text.size(), maxDepth, members);
    if (v.document()) return true;
    members->clear();
    return false;
}

bool scanJsonTree(const QByteArray &text, std::vector<JsonTreeMember> *members, int recordDepth,
                  int maxDepth) {
    members->clear();
    members->reserve(32);  // a chat answer's members to depth 4, without regrowing
    Validator v(text.constData(), text.constData() + text.size(), maxDepth);
    v.recordTree(members, recordDepth);
    if (v.document()) return true;
    members->clear();
    return false;
}

}  // namespace gatehouse
