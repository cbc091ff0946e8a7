#pragma once

#include <QStringList>

namespace gatehouse {

// Where the plugins shipped with Gatehouse are: found relative to the
// executable (<bin>/../lib/gatehouse/plugins), so the same binary works
// installed in /usr, in any `cmake --install` prefix, unpacked with
// `dpkg -x`, and in the build tree (which mirrors that layout).
QStringList bundledPluginDirectories();

}  // namespace gatehouse
