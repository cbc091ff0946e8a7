// ConfigEdits for the price overrides: the Pricing section's one item.
#include "store/ConfigEdits.h"

namespace gatehouse {
namespace ConfigEdits {

ConfigStore::Edit putPricing(QJsonArray overrides) {
    return [overrides](ConfigContent &content, ConfigStore::Result *) {
        const ConfigItem *stored = content.find(ConfigSection::Pricing, kPriceOverridesItem());
        // The stored item keeps its file_hash: the file's "pricing" replaces
        // this edit only once the file's own array changes.
        ConfigItem item = stored ? *stored : ConfigItem();
        item.name = kPriceOverridesItem();
        item.value = overrides;
        item.source = ConfigSource::api();
        item.deleted = false;
        content.put(ConfigSection::Pricing, item);
        // Validated with the whole config (ConfigStore::change): an entry
        // the file's reader refuses is refused with its path.
        return true;
    };
}

QJsonArray priceOverrides(const ConfigContent &content, QString *source) {
    const ConfigItem *item = content.find(ConfigSection::Pricing, kPriceOverridesItem());
    const bool live = item && !item->deleted;
    if (source) *source = live ? item->source : QString();
    return live ? item->value.toArray() : QJsonArray();
}

}  // namespace ConfigEdits
}  // namespace gatehouse
