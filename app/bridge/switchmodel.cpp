#include "switchmodel.h"

#include <lockstep/config.hpp>

SwitchModel::SwitchModel(QObject* parent) : QAbstractListModel(parent) {}

int SwitchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QHash<int, QByteArray> SwitchModel::roleNames() const {
    return {{NameRole, "name"}, {SummaryRole, "summary"}, {OnRole, "on"}, {PresetRole, "preset"}, {ModifiedRole, "modified"}};
}

QVariant SwitchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case NameRole: return r.name;
    case SummaryRole: return r.summary;
    case OnRole: return r.on;
    case PresetRole: return r.preset;
    case ModifiedRole: return r.on != r.preset;
    }
    return {};
}

void SwitchModel::setSwitches(const std::map<std::string, bool>& effective, const std::map<std::string, bool>& preset) {
    std::vector<Row> rows;
    for (const auto& sw : lockstep::switches()) {  // the catalogue's order, not alphabetical
        const auto on = effective.find(sw.name);
        if (on == effective.end()) continue;
        const auto pre = preset.find(sw.name);
        rows.push_back({QString::fromStdString(sw.name), QString::fromStdString(sw.summary), on->second,
                        pre != preset.end() && pre->second});
    }
    const bool sameNames = rows.size() == m_rows.size() &&
                           std::equal(rows.begin(), rows.end(), m_rows.begin(),
                                      [](const Row& a, const Row& b) { return a.name == b.name; });
    if (!sameNames) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].on == m_rows[i].on && rows[i].preset == m_rows[i].preset) continue;
        m_rows[i] = rows[i];
        emit dataChanged(index(static_cast<int>(i)), index(static_cast<int>(i)), {OnRole, PresetRole, ModifiedRole});
    }
}
