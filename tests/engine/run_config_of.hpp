// A run named by its scenario and variant, everything else at its defaults: how the engine
// tests name the runs they check.
#pragma once

#include <lockstep/config.hpp>

#include <QString>

inline lockstep::run_config config_of(const QString& scenario, const QString& variant) {
    lockstep::run_config cfg;
    cfg.scenario = scenario.toStdString();
    cfg.variant = variant.toStdString();
    return cfg;
}
