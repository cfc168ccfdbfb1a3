#include "cli.hpp"

#include <QCoreApplication>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lockstep-cli"));
    return lockstep::cli::run(QCoreApplication::arguments());
}
