// A second launch finds the first and asks it to come forward.
#include "SingleInstance.h"

#include <gtest/gtest.h>
#include <QSignalSpy>
#include <QUuid>

namespace gatehouse {
namespace {

TEST(SingleInstance, SecondLaunchReachesTheFirst) {
    const QString name =
        QStringLiteral("gatehouse-test-") + QUuid::createUuid().toString(QUuid::Id128);
    SingleInstance first(name);
    SingleInstance second(name);
    EXPECT_FALSE(first.notifyRunning());  // nobody there yet
    ASSERT_TRUE(first.listen());
    QSignalSpy activated(&first, &SingleInstance::activationRequested);
    EXPECT_TRUE(second.notifyRunning());
    EXPECT_TRUE(activated.wait(5000));
}

}  // namespace
}  // namespace gatehouse
