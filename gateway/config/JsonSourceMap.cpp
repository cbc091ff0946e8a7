#include "config/JsonSourceMap.h"

#include <cstring>

namespace gatehouse {

namespace {
// Deeper than QJsonDocument accepts, so this never refuses what Qt parsed.
constexpr int kMaxDepth = 2048;

bool isUtf8Continuation(char c) {
    return (uchar(c) & 0xC0) == 0x80;
}

bool endsLiteral(char c) {
    return c == '\0' || std::strchr(",]} \t\r\n", c) != nullptr;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

JsonSourceMap::JsonSourceMap(const QByteArray &text) : text_(text) {
    if (text_.startsWith("\xEF\xBB\xBF")) pos_ = 3;
    skipWhitespace();
    if (parseValue() != 0) valid_ = false;
    if (!valid_) nodes_.clear();
}

void JsonSourceMap::skipWhitespace() {
    while (pos_ < text_.size()) {
        const char c = text_.at(pos_);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        ++pos_;
    }
}

bool JsonSourceMap::expect(char c) {
    skipWhitespace();
    if (pos_ < text_.size() && text_.at(pos_) == c) {
        ++pos_;
        return true;
    }
    valid_ = false;
    return false;
}

bool JsonSourceMap::parseString(QString *decoded) {
    if (pos_ >= text_.size() || text_.at(pos_) != '"') return valid_ = false;
    ++pos_;
    QString out;
    qsizetype runStart = pos_;  // unescaped UTF-8 bytes are copied in runs
    auto flushRun = [&](qsizetype runEnd) {
        out += QString::fromUtf8(text_.constData() + runStart, runEnd - runStart);
    };
    while (pos_ < text_.size()) {
        const char c = text_.at(pos_);
        if (c == '"') {
            flushRun(pos_++);
            if (decoded) *decoded = out;
            return true;
        }
        if (c != '\\') {
            ++pos_;
            continue;
        }
        flushRun(pos_);
        if (pos_ + 1 >= text_.size()) break;
        const char e = text_.at(pos_ + 1);
        pos_ += 2;
        switch (e) {
            case 'b':
                out += QLatin1Char('\b');
                break;
            case 'f':
                out += QLatin1Char('\f');
                break;
            case 'n':
                out += QLatin1Char('\n');
                break;
            case 'r':
                out += QLatin1Char('\r');
                break;
            case 't':
                out += QLatin1Char('\t');
                break;
            case 'u': {
                if (pos_ + 4 > text_.size()) return valid_ = false;
                int code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(text_.at(pos_++));
                    if (h < 0) return valid_ = false;
                    code = code * 16 + h;
                }
                // A surrogate pair arrives as two escapes; as two UTF-16 units
                // in a row they form the right character.
                out += QChar(char16_t(code));
                break;
            }
            default:
                out += QLatin1Char(e);
                break;  // \" \\ \/
        }
        runStart = pos_;
    }
    return valid_ = false;
}

bool JsonSourceMap::skipComma() {
    skipWhitespace();
    if (pos_ < text_.size() && text_.at(pos_) == ',') {
        ++pos_;
        return true;
    }
    return false;
}

int JsonSourceMap::parseValue() {
    skipWhitespace();
    if (!valid_ || pos_ >= text_.size() || ++depth_ > kMaxDepth) {
        valid_ = false;
        return -1;
    }
    const int id = int(nodes_.size());
    nodes_.push_back(Node{pos_, {}, {}});
    const char c = text_.at(pos_);
    if (c == '{') {
        ++pos_;
        skipWhitespace();
        if (pos_ < text_.size() && text_.at(pos_) == '}') {
            ++pos_;
        } else {
            do {
                skipWhitespace();
                Member member;
                member.keyOffset = pos_;
                if (!parseString(&member.key) || !expect(':')) break;
                member.node = parseValue();
                if (member.node < 0) break;
                nodes_[size_t(id)].members.append(member);
            } while (skipComma());
            expect('}');
        }
    } else if (c == '[') {
        ++pos_;
        skipWhitespace();
        if (pos_ < text_.size() && text_.at(pos_) == ']') {
            ++pos_;
        } else {
            do {
                const int element = parseValue();
                if (element < 0) break;
                nodes_[size_t(id)].elements.append(element);
            } while (skipComma());
            expect(']');
        }
    } else if (c == '"') {
        parseString(nullptr);
    } else {
        // Literal or number: QJsonDocument already checked its spelling.
        while (pos_ < text_.size() && !endsLiteral(text_.at(pos_))) ++pos_;
    }
    --depth_;
    return valid_ ? id : -1;
}

int JsonSourceMap::resolve(const JsonPath &path, qsizetype *offset, bool *complete) const {
    *complete = false;
    if (nodes_.empty()) return -1;
    int node = 0;
    *offset = nodes_[0].offset;
    for (const JsonPath::Segment &segment : path.segments()) {
        const Node &current = nodes_[size_t(node)];
        int next = -1;
        if (segment.isIndex()) {
            if (segment.index < current.elements.size()) {
                next = current.elements.at(segment.index);
                *offset = nodes_[size_t(next)].offset;
            }
        } else {
            // The last duplicate, because that is the one QJsonDocument keeps.
            for (qsizetype i = current.members.size() - 1; i >= 0; --i) {
                if (current.members.at(i).key == segment.key) {
                    next = current.members.at(i).node;
                    *offset = current.members.at(i).keyOffset;
                    break;
                }
            }
        }
        if (next < 0) return node;
        node = next;
    }
    *complete = true;
    return node;
}

JsonSourceMap::Location JsonSourceMap::locate(const JsonPath &path) const {
    qsizetype offset = 0;
    bool complete = false;
    if (resolve(path, &offset, &complete) < 0) return {};
    return locationOf(offset);
}

QList<JsonSourceMap::Member> JsonSourceMap::members(const JsonPath &path) const {
    qsizetype offset = 0;
    bool complete = false;
    const int node = resolve(path, &offset, &complete);
    if (node < 0 || !complete) return {};
    return nodes_[size_t(node)].members;
}

JsonSourceMap::Location JsonSourceMap::lineColumn(const QByteArray &text, qsizetype offset) {
    offset = qBound(qsizetype(0), offset, text.size());
    Location location{1, 1};
    qsizetype lineStart = text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text.at(i) == '\n') {
            ++location.line;
            lineStart = i + 1;
        }
    }
    // Columns count characters, as editors do, not UTF-8 bytes.
    for (qsizetype i = lineStart; i < offset; ++i)
        if (!isUtf8Continuation(text.at(i))) ++location.column;
    return location;
}

}  // namespace gatehouse
