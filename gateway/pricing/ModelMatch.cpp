#include "ModelMatch.h"

#include "PricingJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <iterator>

namespace gatehouse {

struct ModelMatch::Node {
    Kind kind = Kind::Equals;
    QString text;  // lowercased, for the string tests; the pattern, for Regex
    QRegularExpression regex;
    QList<ModelMatch> children;  // Or, And
};

namespace {
const char *const kKeys[] = {"equals", "starts_with", "ends_with", "contains",
                             "regex",  "or",          "and"};

ModelMatch::Kind kindOf(int keyIndex) {
    return static_cast<ModelMatch::Kind>(keyIndex);
}

std::shared_ptr<ModelMatch::Node> textNode(ModelMatch::Kind kind, const QString &text) {
    auto node = std::make_shared<ModelMatch::Node>();
    node->kind = kind;
    node->text = text.toLower();
    return node;
}
}  // namespace

ModelMatch ModelMatch::equals(const QString &text) {
    return ModelMatch(textNode(Kind::Equals, text));
}
ModelMatch ModelMatch::startsWith(const QString &text) {
    return ModelMatch(textNode(Kind::StartsWith, text));
}
ModelMatch ModelMatch::endsWith(const QString &text) {
    return ModelMatch(textNode(Kind::EndsWith, text));
}
ModelMatch ModelMatch::contains(const QString &text) {
    return ModelMatch(textNode(Kind::Contains, text));
}

std::optional<ModelMatch> ModelMatch::regex(const QString &pattern, QString *error) {
    auto node = std::make_shared<Node>();
    node->kind = Kind::Regex;
    node->text = pattern;
    node->regex = QRegularExpression(pattern);
    // isValid() compiles the pattern now: a bad one is refused at load, and
    // matching later never compiles (or takes the compile lock).
    if (!node->regex.isValid()) {
        if (error)
            *error = QStringLiteral("invalid regular expression: %1 (at offset %2)")
                         .arg(node->regex.errorString())
                         .arg(node->regex.patternErrorOffset());
        return std::nullopt;
    }
    return ModelMatch(std::move(node));
}

ModelMatch ModelMatch::anyOf(const QList<ModelMatch> &alternatives) {
    auto node = std::make_shared<Node>();
    node->kind = Kind::Or;
    node->children = alternatives;
    return ModelMatch(std::move(node));
}

ModelMatch ModelMatch::allOf(const QList<ModelMatch> &conditions) {
    auto node = std::make_shared<Node>();
    node->kind = Kind::And;
    node->children = conditions;
    return ModelMatch(std::move(node));
}

std::optional<ModelMatch> ModelMatch::fromJson(const QJsonValue &value, const JsonPath &path,
                                               QString *error) {
    const QString expected = QStringLiteral(
        "expected an object with one of equals, starts_with, ends_with, contains, regex, or, "
        "and");
    if (!value.isObject()) {
        PricingJson::fail(error, path,
                          expected + QLatin1String(", got ") + PricingJson::describe(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    if (object.size() != 1) {
        PricingJson::fail(
            error, path,
            expected + QStringLiteral(" (exactly one key), got %1 keys").arg(object.size()));
        return std::nullopt;
    }
    const QString key = object.begin().key();
    const QJsonValue operand = object.begin().value();
    const JsonPath at = path.key(key);
    int index = -1;
    for (int i = 0; i < int(std::size(kKeys)); ++i)
        if (key == QLatin1String(kKeys[i])) index = i;
    if (index < 0) {
        PricingJson::fail(error, at, QStringLiteral("unknown match \"%1\"; ").arg(key) + expected);
        return std::nullopt;
    }
    const Kind kind = kindOf(index);
    if (kind == Kind::Or || kind == Kind::And) {
        if (!operand.isArray()) {
            PricingJson::fail(error, at,
                              QStringLiteral("expected an array of matches, got ") +
                                  PricingJson::describe(operand));
            return std::nullopt;
        }
        QList<ModelMatch> children;
        const QJsonArray items = operand.toArray();
        for (int i = 0; i < items.size(); ++i) {
            auto child = fromJson(items.at(i), at.index(i), error);
            if (!child) return std::nullopt;
            children.append(*child);
        }
        return kind == Kind::Or ? anyOf(children) : allOf(children);
    }
    if (!operand.isString()) {
        PricingJson::fail(
            error, at, QStringLiteral("expected a string, got ") + PricingJson::describe(operand));
        return std::nullopt;
    }
    if (kind == Kind::Regex) {
        QString why;
        auto match = regex(operand.toString(), &why);
        if (!match) PricingJson::fail(error, at, why);
        return match;
    }
    return ModelMatch(textNode(kind, operand.toString()));
}

bool ModelMatch::matches(const QString &model) const {
    return matchesFolded(fold(model));
}

bool ModelMatch::matchesFolded(const QString &foldedModel) const {
    const Node &n = *node_;
    switch (n.kind) {
        case Kind::Equals:
            return foldedModel == n.text;
        case Kind::StartsWith:
            return foldedModel.startsWith(n.text);
        case Kind::EndsWith:
            return foldedModel.endsWith(n.text);
        case Kind::Contains:
            return foldedModel.contains(n.text);
        case Kind::Regex:
            return n.regex.match(foldedModel).hasMatch();
        case Kind::Or:
            for (const ModelMatch &child : n.children)
                if (child.matchesFolded(foldedModel)) return true;
            return false;
        case Kind::And:
            for (const ModelMatch &child : n.children)
                if (!child.matchesFolded(foldedModel)) return false;
            return true;
    }
    return false;
}

ModelMatch::Kind ModelMatch::kind() const {
    return node_->kind;
}

QJsonValue ModelMatch::toJson() const {
    const Node &n = *node_;
    const QString key = QLatin1String(kKeys[int(n.kind)]);
    if (n.kind == Kind::Or || n.kind == Kind::And) {
        QJsonArray children;
        for (const ModelMatch &child : n.children) children.append(child.toJson());
        return QJsonObject{{key, children}};
    }
    return QJsonObject{{key, n.text}};
}

}  // namespace gatehouse
