// A list model whose rows are plain role values recomputed from each snapshot; it resets only
// when the number of rows changes and otherwise signals just the rows that changed, so QML
// delegates survive and animate.
#pragma once

#include <QAbstractListModel>
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

    RowsModel(QHash<int, QByteArray> roleNames, QObject* parent)
        : QAbstractListModel(parent), m_roleNames(std::move(roleNames)) {}

    void setRows(std::vector<Row> rows) {
        if (rows.size() != m_rows.size()) {
            beginResetModel();
            m_rows = std::move(rows);
            endResetModel();
            return;
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i] == m_rows[i]) continue;
            m_rows[i] = std::move(rows[i]);
            const QModelIndex at = index(static_cast<int>(i));
            emit dataChanged(at, at);
        }
    }

private:
    QHash<int, QByteArray> m_roleNames;
    std::vector<Row> m_rows;
};
