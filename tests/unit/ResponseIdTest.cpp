// Stored responses are found by id alone, also by callers admitted with a
// virtual key: one id must say nothing about another.
#include "codecs/responses/ResponsesShared.h"

#include <gtest/gtest.h>
#include <QRegularExpression>

using namespace gatehouse::responses;

TEST(ResponseIdTest, IdsAreRandomNotCounted) {
    const QString a = newResponseId();
    const QString b = newResponseId();
    const QRegularExpression shape(QStringLiteral("^resp_[0-9a-f]{32}$"));
    EXPECT_TRUE(shape.match(a).hasMatch()) << a.toStdString();
    EXPECT_TRUE(shape.match(b).hasMatch()) << b.toStdString();
    // A counter after a fixed prefix would share the first half.
    EXPECT_NE(a.mid(5, 16), b.mid(5, 16));
    EXPECT_NE(a.mid(21), b.mid(21));
}
