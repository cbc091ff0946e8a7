#pragma once

#include "config/JsonPath.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace gatehouse {

// Which model names a price applies to, in the price catalogue's terms
// (genai-prices' MatchLogic): {"equals": s}, {"starts_with": s},
// {"ends_with": s}, {"contains": s}, {"regex": r}, {"or": [...]},
// {"and": [...]}.
//
// Case works as in the package: the model name is lowercased (and trimmed)
// before anything is compared, and the four string tests compare it with
// their lowercased text, so "GPT-4o" is "gpt-4o". A regex is applied as
// written to the lowercased name: a pattern with capitals in it only matches
// where it allows lowercase too (the catalogue's do). A regex finds its
// match anywhere unless it anchors itself with ^ or $, like JavaScript's
// RegExp.test.
//
// Immutable and cheap to copy (the tree is shared); a regex is compiled once,
// when the match is built, so matching is safe from any thread.
class ModelMatch {
public:
    enum class Kind { Equals, StartsWith, EndsWith, Contains, Regex, Or, And };

    static ModelMatch equals(const QString &text);
    static ModelMatch startsWith(const QString &text);
    static ModelMatch endsWith(const QString &text);
    static ModelMatch contains(const QString &text);
    // nullopt (and *error) if the pattern does not compile.
    static std::optional<ModelMatch> regex(const QString &pattern, QString *error = nullptr);
    static ModelMatch anyOf(const QList<ModelMatch> &alternatives);
    static ModelMatch allOf(const QList<ModelMatch> &conditions);

    // Reads the JSON form; a malformed one is refused with the path of the
    // offending value in *error.
    static std::optional<ModelMatch> fromJson(const QJsonValue &value, const JsonPath &path,
                                              QString *error);

    // `model` as a client wrote it; compared lowercased and trimmed.
    bool matches(const QString &model) const;
    // For a name already lowercased and trimmed by the caller: a catalogue
    // lookup folds the name once and tries hundreds of entries with it.
    bool matchesFolded(const QString &foldedModel) const;

    Kind kind() const;
    // The JSON form, as read (the text of string tests lowercased).
    QJsonValue toJson() const;

    // How a name is folded before matching.
    static QString fold(const QString &model) { return model.trimmed().toLower(); }

    struct Node;

private:
    explicit ModelMatch(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
    std::shared_ptr<const Node> node_;
};

}  // namespace gatehouse
