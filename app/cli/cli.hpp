// lockstep-cli: list, run and check scenarios from a terminal, with no display.
#pragma once

#include <QStringList>

class QTextStream;

namespace lockstep::cli {

// Runs the command line `args` (args[0] is the program name); returns the exit status:
// 0 no violation, 1 a violation, 2 bad input, 3 (check) a search stopped at a limit before
// exploring every interleaving.
int run(const QStringList& args, QTextStream& out, QTextStream& err);
int run(const QStringList& args);

}  // namespace lockstep::cli
