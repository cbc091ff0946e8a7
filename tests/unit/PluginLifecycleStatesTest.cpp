// The plugin lifecycle's state machine: the transitions it allows, the
// ones it refuses (nothing changes), and the error kept apart from the state.
#include "plugins/PluginLifecycle.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

PluginLifecycle in(PluginState state) {
    PluginLifecycle l;
    switch (state) {
        case PluginState::Unloaded:
            break;
        case PluginState::Discovered:
            l.discover();
            break;
        case PluginState::Disabled:
            l.disable();
            break;
        case PluginState::Loaded:
            l.load();
            break;
        case PluginState::Active:
            l.load();
            l.activate();
            break;
        case PluginState::Error:
            l.fail("broken");
            break;
    }
    EXPECT_EQ(l.state(), state);
    return l;
}

const PluginState kAll[] = {PluginState::Unloaded, PluginState::Discovered, PluginState::Disabled,
                            PluginState::Loaded,   PluginState::Active,     PluginState::Error};

}  // namespace

TEST(PluginLifecycleStates, StartsUnloadedWithoutError) {
    PluginLifecycle l;
    EXPECT_EQ(l.state(), PluginState::Unloaded);
    EXPECT_FALSE(l.hasError());
    EXPECT_FALSE(l.isConfigured());
}

TEST(PluginLifecycleStates, LoadThenActivateRunsThePlugin) {
    PluginLifecycle l;
    ASSERT_TRUE(l.load());
    EXPECT_EQ(l.state(), PluginState::Loaded);
    ASSERT_TRUE(l.activate());
    EXPECT_EQ(l.state(), PluginState::Active);
    EXPECT_TRUE(l.isConfigured());
    // A new instance replacing the running one: Active to Active.
    EXPECT_TRUE(l.activate());
    EXPECT_EQ(l.state(), PluginState::Active);
}

TEST(PluginLifecycleStates, LoadIsRefusedWhileCodeRuns) {
    for (PluginState from : {PluginState::Loaded, PluginState::Active}) {
        PluginLifecycle l = in(from);
        EXPECT_FALSE(l.load()) << pluginStateName(from).toStdString();
        EXPECT_EQ(l.state(), from);
    }
}

TEST(PluginLifecycleStates, ActivateNeedsALoadedLibrary) {
    for (PluginState from : {PluginState::Unloaded, PluginState::Discovered, PluginState::Disabled,
                             PluginState::Error}) {
        PluginLifecycle l = in(from);
        EXPECT_FALSE(l.activate()) << pluginStateName(from).toStdString();
        EXPECT_EQ(l.state(), from);
    }
}

TEST(PluginLifecycleStates, AFailedInitIsAnErrorWithItsReason) {
    PluginLifecycle l = in(PluginState::Loaded);
    ASSERT_TRUE(l.fail("init() refused"));
    EXPECT_EQ(l.state(), PluginState::Error);
    EXPECT_TRUE(l.hasError());
    EXPECT_EQ(l.errorString(), "init() refused");
    // Loading again (a fixed file) clears the error; so does activating.
    ASSERT_TRUE(l.load());
    EXPECT_FALSE(l.hasError());
}

TEST(PluginLifecycleStates, ARefusedChangeKeepsTheRunningPluginActiveWithTheError) {
    PluginLifecycle l = in(PluginState::Active);
    ASSERT_TRUE(l.fail("new config refused"));
    EXPECT_EQ(l.state(), PluginState::Active);
    EXPECT_TRUE(l.hasError());
    ASSERT_TRUE(l.activate());  // the next change took
    EXPECT_FALSE(l.hasError());
}

TEST(PluginLifecycleStates, AFailureWithoutReasonStillHasAnError) {
    PluginLifecycle l = in(PluginState::Loaded);
    ASSERT_TRUE(l.fail(QString()));
    EXPECT_TRUE(l.hasError());
    EXPECT_FALSE(l.errorString().isEmpty());
}

TEST(PluginLifecycleStates, DisableFromAnyStateClearsTheError) {
    for (PluginState from : kAll) {
        PluginLifecycle l = in(from);
        ASSERT_TRUE(l.disable()) << pluginStateName(from).toStdString();
        EXPECT_EQ(l.state(), PluginState::Disabled);
        EXPECT_FALSE(l.hasError());
    }
}

TEST(PluginLifecycleStates, OnlyConfiguredPluginsUnload) {
    for (PluginState from : kAll) {
        PluginLifecycle l = in(from);
        const bool ok = l.unload();
        EXPECT_EQ(ok, from != PluginState::Discovered) << pluginStateName(from).toStdString();
        EXPECT_EQ(l.state(), ok ? PluginState::Unloaded : from);
    }
}

TEST(PluginLifecycleStates, OnlyUnconfiguredFilesAreDiscovered) {
    for (PluginState from : kAll) {
        PluginLifecycle l = in(from);
        const bool ok = l.discover("no metadata");
        const bool expected = from == PluginState::Unloaded || from == PluginState::Discovered;
        EXPECT_EQ(ok, expected) << pluginStateName(from).toStdString();
        EXPECT_EQ(l.state(), ok ? PluginState::Discovered : from);
        if (ok) {
            EXPECT_EQ(l.errorString(), "no metadata");
        }
    }
}
