// Applies a HeaderPolicy to one request. Pure functions of their inputs, so
// any number of threads can run them at once.
#pragma once

#include "HeaderPolicy.h"

namespace gatehouse::headerpolicy {

// Order: remove, then rename, then add, so an added header always ends up
// with the configured value whatever the client sent. Names compare
// case-insensitively; every occurrence of a repeated header is affected.
void applyHeaderEdits(const HeaderPolicy &policy, PluginHeaders &headers);

// Top-level fields: remove, then defaults for absent fields, then set.
void applyBodyEdits(const HeaderPolicy &policy, QJsonObject &body);

}  // namespace gatehouse::headerpolicy
