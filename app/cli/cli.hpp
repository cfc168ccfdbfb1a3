// lockstep-cli: list, run and check scenarios from a terminal, with no display.
#pragma once

#include <QStringList>

class QTextStream;

namespace lockstep::cli {

// Runs the command line `args` (args[0] is the program name); returns the exit status:
// 0 no violation, 1 a violation, 2 bad input, 3 (check) a search stopped at a limit before
// exploring every interleaving. A check's progress goes to `err`: over a line rewritten in place
// when `err_is_tty`, else as a plain line every few seconds.
int run(const QStringList& args, QTextStream& out, QTextStream& err, bool err_is_tty = false);
int run(const QStringList& args);

}  // namespace lockstep::cli
