#include "HookLogFilter.h"

#include "HookLogModel.h"

namespace gatehouse {

void HookLogFilter::setPlugin(const QString &plugin) {
    plugin_ = plugin;
    invalidateFilter();
}
void HookLogFilter::setHook(const QString &hook) {
    hook_ = hook;
    invalidateFilter();
}
void HookLogFilter::setOutcome(const QString &outcome) {
    outcome_ = outcome;
    invalidateFilter();
}
void HookLogFilter::setText(const QString &text) {
    text_ = text;
    invalidateFilter();
}

bool HookLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const {
    const auto *model = qobject_cast<const HookLogModel *>(sourceModel());
    if (!model) return true;
    const HookLogEntry &e = model->entryAt(sourceRow);
    if (!plugin_.isEmpty() && e.plugin != plugin_) return false;
    if (!hook_.isEmpty() && e.hook != hook_) return false;
    if (!outcome_.isEmpty() && e.outcome != outcome_) return false;
    if (!text_.isEmpty() && !e.message.contains(text_, Qt::CaseInsensitive) &&
        !e.requestId.contains(text_, Qt::CaseInsensitive))
        return false;
    return true;
}

}  // namespace gatehouse
