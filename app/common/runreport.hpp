// A run written out: the JSON and the text that `lockstep-cli run` prints. The CLI and the
// window's Export menu both build them here, so a run exported from the window reads exactly
// like the same run from a terminal.
#pragma once

#include <lockstep/engine.hpp>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace lockstep::report {

QJsonObject to_json(const verdict& v, const engine& e);
QJsonArray verdicts_json(const std::vector<verdict>& vs, const engine& e);
QJsonObject to_json(const event& ev, const engine& e);
QJsonObject to_json(const snapshot& s, const engine& e);
QJsonObject config_json(const run_config& cfg);

// `run --json`: the configuration, the schedule, every event, the final state and the verdicts
// of the engine's run up to where it stands.
QJsonObject run_json(const engine& e);

// "   17  R1   mm/mmap_lock.c: vma_start_read:87  op ...": one event as `run` prints it.
QString event_line(const event& ev, const engine& e);
// `run` without --json: a header naming the run, one event_line per event, the threads that
// did not finish, the verdicts and the schedule, each line ending in "\n".
QString run_text(const engine& e);

}  // namespace lockstep::report
