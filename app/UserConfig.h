#pragma once

#include <QString>

namespace gatehouse {

// The configuration a user gets when they start Gatehouse without --config:
// config.json in the XDG config directory (~/.config/gatehouse/config.json).
// The first run writes the default config there (the one compiled in as
// ConfigLoader::kDefaultResource), so it can be edited and is watched for
// plugin changes like any other config file.
struct UserConfig {
    QString path;
    bool created = false;  // this run wrote it
};

// Finds or creates the user's config.json. On failure returns false and an
// *error that names the file and what to do.
bool ensureUserConfig(UserConfig *out, QString *error);

}  // namespace gatehouse
