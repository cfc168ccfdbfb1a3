// The current variant's switches as toggles, each with the kernel change it stands for.
#pragma once

#include "rowsmodel.h"

#include <QtQml/qqmlregistration.h>

#include <map>
#include <string>

class SwitchModel : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SwitchModel belongs to a Session")

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        SummaryRole,
        OnRole,
        PresetRole,    // the variant's own value
        ModifiedRole,  // differs from the variant's value
    };
    Q_ENUM(Roles)

    explicit SwitchModel(QObject* parent = nullptr);

    // The effective values and the variant's preset (empty for the rw_semaphore variant).
    void setSwitches(const std::map<std::string, bool>& effective, const std::map<std::string, bool>& preset);
};
