#include "switchmodel.h"

#include <lockstep/config.hpp>

SwitchModel::SwitchModel(QObject* parent)
    : RowsModel({{NameRole, "name"}, {SummaryRole, "summary"}, {OnRole, "on"}, {PresetRole, "preset"}, {ModifiedRole, "modified"}},
                parent) {}

void SwitchModel::setSwitches(const std::map<std::string, bool>& effective, const std::map<std::string, bool>& preset) {
    std::vector<Row> rows;
    for (const auto& sw : lockstep::switches()) {  // the catalogue's order, not alphabetical
        const auto on = effective.find(sw.name);
        if (on == effective.end()) continue;
        const auto pre = preset.find(sw.name);
        const bool presetOn = pre != preset.end() && pre->second;
        rows.push_back({QString::fromStdString(sw.name), QString::fromStdString(sw.summary), on->second, presetOn,
                        on->second != presetOn});
    }
    setRows(std::move(rows));
}
