// A list model whose rows are plain role values recomputed from each snapshot; it signals just
// the rows that changed, inserted or removed, so QML delegates survive and animate.
#pragma once

#include <QAbstractListModel>

#include <algorithm>
#include <iterator>
#include <QHash>
#include <QVariant>

#include <vector>

class RowsModel : public QAbstractListModel {
    Q_OBJECT

public:
    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    QVariant data(const QModelIndex& index, int role) const override {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
        const int column = role - Qt::UserRole - 1;
        const auto& row = m_rows[static_cast<std::size_t>(index.row())];
        return column >= 0 && column < static_cast<int>(row.size()) ? row[static_cast<std::size_t>(column)] : QVariant();
    }
    QHash<int, QByteArray> roleNames() const override { return m_roleNames; }

protected:
    using Row = std::vector<QVariant>;  // [role - Qt::UserRole - 1]

    // How a change in the number of rows is signalled: by inserting or removing just the rows
    // at the end (cards in a layout keep their delegates), or by a reset (the thread lanes,
    // whose shared height is bound to their count, are rebuilt at once).
    enum class Resize { edit, reset };

    RowsModel(QHash<int, QByteArray> roleNames, QObject* parent, Resize resize = Resize::edit)
        : QAbstractListModel(parent), m_roleNames(std::move(roleNames)), m_resize(resize) {}

    void setRows(std::vector<Row> rows) {
        // Rows that keep their place change in place; only the extra rows at the end are
        // inserted or removed. A reset would destroy every delegate at once, and Qt 6.4's
        // layouts can then reach a destroyed card while they rearrange (a crash when a lesson
        // switched to a scenario with more vmas).
        if (m_resize == Resize::reset && rows.size() != m_rows.size()) {
            beginResetModel();
            m_rows = std::move(rows);
            endResetModel();
            return;
        }
        const std::size_t common = std::min(rows.size(), m_rows.size());
        if (rows.size() < m_rows.size()) {
            beginRemoveRows({}, static_cast<int>(common), static_cast<int>(m_rows.size()) - 1);
            m_rows.resize(common);
            endRemoveRows();
        }
        for (std::size_t i = 0; i < common; ++i) {
            if (rows[i] == m_rows[i]) continue;
            m_rows[i] = std::move(rows[i]);
            const QModelIndex at = index(static_cast<int>(i));
            emit dataChanged(at, at);
        }
        if (rows.size() > m_rows.size()) {
            beginInsertRows({}, static_cast<int>(common), static_cast<int>(rows.size()) - 1);
            m_rows.insert(m_rows.end(), std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(common)),
                          std::make_move_iterator(rows.end()));
            endInsertRows();
        }
    }

private:
    QHash<int, QByteArray> m_roleNames;
    Resize m_resize;
    std::vector<Row> m_rows;
};
