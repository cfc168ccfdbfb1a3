// The lesson player in the app: the library lists the shipped lessons, a lesson plays step by
// step with its checkpoints confirmed, Previous rewinds, a prediction holds Next until it is
// answered, exploring and coming back restores the script, a challenge is solved by the
// student's own steps, and progress survives a restart. A teacher's own lesson file opens,
// reloads when it is edited (keeping the step), says where a broken edit is wrong while the last
// good version keeps playing, and a folder of lessons joins the library across launches.
#include "test_settings.hpp"

#include "lessonplayer.h"
#include "session.h"
#include "vmamodel.h"

#include <QAbstractItemModelTester>
#include <QSaveFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

int lessonNamed(const LessonPlayer& p, const QString& id) {
    for (int r = 0; r < p.lessons()->rowCount(); ++r)
        if (p.lessons()->data(p.lessons()->index(r), LessonListModel::IdRole).toString() == id) return r;
    return -1;
}

QString refcnt(const Session& s) {
    return s.vmas()->data(s.vmas()->index(0), VmaModel::RefcntTextRole).toString();
}

// Plays on, answering each prediction right, until the end or `steps` steps.
void playOn(LessonPlayer& p, int steps = 1000) {
    for (int i = 0; i < steps && !p.atEnd(); ++i) {
        if (!p.predictQuestion().isEmpty() && p.predictAnswered() < 0) {
            for (int c = 0; c < p.predictChoices().size(); ++c)
                if (p.answer(c)) break;
        }
        QVERIFY2(p.next(), qPrintable(p.failure()));
        QVERIFY2(!p.checkpointText().contains(QStringLiteral("✗")), qPrintable(p.checkpointText()));
    }
}

// A small lesson of a teacher's own (lint passes it: its checkpoints hold).
QString ownLesson(const QString& id = QStringLiteral("my-own"), const QString& title = QStringLiteral("A teacher's lesson")) {
    return QStringLiteral(R"(id: %1
title: %2
summary: A teacher's own lesson.
level: beginner
minutes: 5
scenario: vma-lock-seq-recheck
variant: final
script:
  - say: R1 goes first.
    thread: R1
    until: start_read.increment
  - say: W write-locks.
    thread: W
    until: modify
    expect:
      vma.vm_refcnt: 1
  - say: R1 increments.
    thread: R1
    steps: 1
    expect:
      vma.vm_refcnt: 2
)")
        .arg(id, title);
}

// As an editor that saves in place does.
void writeInPlace(const QString& path, const QString& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

// As an editor that writes a new file and renames it over the old one does (vim, many IDEs).
void writeByRename(const QString& path, const QString& text) {
    QSaveFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.toUtf8());
    QVERIFY(f.commit());
}

}  // namespace

class LessonPlayerTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        useTestSettings("tst_lessonplayer");
        QFile::remove(LessonPlayer::progressPath());
        QSettings().remove(QStringLiteral("lessons/folders"));
    }

    void libraryListsTheShippedLessons() {
        LessonPlayer player;
        QAbstractItemModelTester tester(player.lessons(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY2(player.loadErrors().isEmpty(), qPrintable(player.loadErrors()));
        QCOMPARE(player.lessons()->rowCount(), 10);
        QCOMPARE(player.lessons()->data(player.lessons()->index(0), LessonListModel::TitleRole).toString(),
                 QStringLiteral("How to use Lockstep"));
    }

    void everyLessonPlaysToItsEndWithItsCheckpointsConfirmed() {
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        for (int i = 0; i < player.lessons()->rowCount(); ++i) {
            player.open(i);
            QCOMPARE(player.stepIndex(), 0);
            playOn(player);
            QVERIFY(player.atEnd());
        }
    }

    void previousRestoresTheStateBeforeTheStep() {
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        QSignalSpy steps(&player, &LessonPlayer::stepChanged);
        player.open(lessonNamed(player, QStringLiteral("drain")));
        playOn(player, 3);
        const QString before = refcnt(session);
        const int at = session.step();
        playOn(player, 1);
        player.previous();
        QCOMPARE(player.stepIndex(), 3);
        QCOMPARE(session.step(), at);
        QCOMPARE(refcnt(session), before);
        QVERIFY(steps.count() >= 6);
    }

    void predictionHoldsNextUntilAnswered() {
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        player.open(lessonNamed(player, QStringLiteral("drain")));
        while (player.predictQuestion().isEmpty() && !player.atEnd()) QVERIFY(player.next());
        QVERIFY(!player.predictQuestion().isEmpty());
        const int at = player.stepIndex();
        QVERIFY(!player.next());
        QCOMPARE(player.stepIndex(), at);
        int right = -1;
        for (int c = 0; c < player.predictChoices().size() && right < 0; ++c)
            if (player.answer(c)) right = c;
        QVERIFY(right >= 0);
        QVERIFY(player.predictCorrect());
        QVERIFY(player.next());
        QCOMPARE(player.stepIndex(), at + 1);
    }

    void exploringAndComingBackRestoresTheScript() {
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        player.open(0);
        playOn(player, 3);
        const QString shown = refcnt(session);
        const int at = session.step();
        player.explore();
        QVERIFY(player.exploring());
        QVERIFY(!player.next());  // the script waits while the student explores
        for (int i = 0; i < 10; ++i) session.stepThread(i % 4);
        player.resume();
        QVERIFY(!player.exploring());
        QCOMPARE(session.step(), at);
        QCOMPARE(refcnt(session), shown);
        QCOMPARE(player.stepIndex(), 3);
    }

    void challengeIsSolvedByTheStudentsOwnSteps() {
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        player.open(lessonNamed(player, QStringLiteral("lock-outlives-refcount")));
        QVERIFY(!player.challengeTitles().isEmpty());
        QSignalSpy challenge(&player, &LessonPlayer::challengeChanged);
        player.startChallenge(0);
        QCOMPARE(player.challenge(), 0);
        QVERIFY(!player.challengeText().isEmpty());
        QVERIFY(player.hasMoreHints());
        player.showHint();
        QCOMPARE(player.hintsShown().size(), 1);
        QVERIFY(!player.solved());
        QCOMPARE(session.variant(), QStringLiteral("no-recheck"));
        // The student: R1 past its first check, W through vma_start_write, then R1 on.
        QVERIFY(session.replaySchedule(QStringLiteral("R1*4 W*17 R1*2")).isEmpty());
        QVERIFY(player.solved());
        QVERIFY(!player.solvedText().isEmpty());
        player.stopChallenge();
        QCOMPARE(player.challenge(), -1);
        QCOMPARE(session.variant(), QStringLiteral("final"));
        QVERIFY(challenge.count() >= 3);
    }

    void autoPlayAdvancesAndStopsAtAQuestion() {
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        player.open(lessonNamed(player, QStringLiteral("drain")));
        QSignalSpy playing(&player, &LessonPlayer::playingChanged);
        player.setSecondsPerStep(1);
        player.setPlaying(true);
        QVERIFY(player.playing());
        QTRY_VERIFY_WITH_TIMEOUT(!player.playing(), 20000);
        QVERIFY(player.stepIndex() > 0);
        QVERIFY(!player.predictQuestion().isEmpty() || player.atEnd());
        QVERIFY(playing.count() >= 3);
    }

    void progressSurvivesARestart() {
        QFile::remove(LessonPlayer::progressPath());  // earlier tests played lessons too
        {
            Session session;
            LessonPlayer player;
            player.setSession(&session);
            player.open(1);
            playOn(player, 2);
        }
        QVERIFY(QFile::exists(LessonPlayer::progressPath()));
        LessonPlayer again;
        QCOMPARE(again.lessons()->data(again.lessons()->index(1), LessonListModel::ProgressRole).toInt(), 2);
    }

    void aLessonFileOpensFromDisk() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("own.yaml"));
        writeInPlace(path, ownLesson());
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        const int row = player.openFile(QUrl::fromLocalFile(path).toString());  // as a dialog or a drop gives it
        QCOMPARE(row, 10);
        QCOMPARE(player.lessons()->rowCount(), 11);
        QCOMPARE(player.current(), row);
        QCOMPARE(player.title(), QStringLiteral("A teacher's lesson"));
        QCOMPARE(player.lessons()->data(player.lessons()->index(row), LessonListModel::PathRole).toString(), path);
        QCOMPARE(session.scenario(), QStringLiteral("vma-lock-seq-recheck"));
        QVERIFY(player.fileError().isEmpty());
        playOn(player);
        QVERIFY(player.atEnd());
        QCOMPARE(player.openFile(path), row);  // opened again: the same entry
        QCOMPARE(player.lessons()->rowCount(), 11);
        QCOMPARE(LessonPlayer::checkFile(path), QString());
    }

    void anEditedFileReloadsAndKeepsTheStep() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("own.yaml"));
        writeInPlace(path, ownLesson());
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        QVERIFY(player.openFile(path) >= 0);
        playOn(player, 2);
        const QString shown = refcnt(session);
        const int at = session.step();
        QSignalSpy reloaded(&player, &LessonPlayer::fileReloaded);
        QSignalSpy lesson(&player, &LessonPlayer::lessonChanged);

        writeByRename(path, ownLesson(QStringLiteral("my-own"), QStringLiteral("Edited once")));
        QTRY_COMPARE(reloaded.count(), 1);
        QCOMPARE(reloaded.first().at(0).toString(), path);
        QCOMPARE(reloaded.first().at(1).toBool(), true);
        QCOMPARE(player.title(), QStringLiteral("Edited once"));
        QCOMPARE(player.stepIndex(), 2);
        QVERIFY(lesson.count() >= 1);
        QCOMPARE(session.step(), at);  // the run replayed to step 2 of the new version
        QCOMPARE(refcnt(session), shown);

        // The file was replaced by a rename: the watcher must have taken it up again.
        writeInPlace(path, ownLesson(QStringLiteral("my-own"), QStringLiteral("Edited twice")));
        QTRY_COMPARE(reloaded.count(), 2);
        QCOMPARE(player.title(), QStringLiteral("Edited twice"));
        QCOMPARE(player.stepIndex(), 2);
    }

    void aBrokenEditKeepsTheLastGoodVersionAndSaysWhere() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("own.yaml"));
        writeInPlace(path, ownLesson());
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        QVERIFY(player.openFile(path) >= 0);
        playOn(player, 1);
        QSignalSpy reloaded(&player, &LessonPlayer::fileReloaded);
        QSignalSpy errors(&player, &LessonPlayer::fileErrorChanged);

        // A checkpoint that does not hold: lint's error, with its place and line.
        writeInPlace(path, ownLesson().replace(QStringLiteral("vma.vm_refcnt: 1"), QStringLiteral("vma.vm_refcnt: 5")));
        QTRY_COMPARE(reloaded.count(), 1);
        QCOMPARE(reloaded.first().at(1).toBool(), false);
        QVERIFY(errors.count() >= 1);
        QVERIFY2(player.fileError().startsWith(path + QStringLiteral(":16:7: checkpoint vma.vm_refcnt")), qPrintable(player.fileError()));
        QVERIFY2(player.fileError().contains(QStringLiteral("\n          vma.vm_refcnt: 5\n          ^")), qPrintable(player.fileError()));
        QCOMPARE(player.title(), QStringLiteral("A teacher's lesson"));
        QCOMPARE(player.stepCount(), 3);
        QCOMPARE(player.stepIndex(), 1);
        QVERIFY(player.next());  // the last good version still plays
        const int row = player.current();
        QVERIFY(!player.lessons()->data(player.lessons()->index(row), LessonListModel::ErrorRole).toString().isEmpty());

        // Fixed: the error goes.
        writeInPlace(path, ownLesson(QStringLiteral("my-own"), QStringLiteral("Fixed")));
        QTRY_COMPARE(player.title(), QStringLiteral("Fixed"));
        QVERIFY(player.fileError().isEmpty());
        QVERIFY(player.lessons()->data(player.lessons()->index(row), LessonListModel::ErrorRole).toString().isEmpty());
        QCOMPARE(player.stepIndex(), 2);
    }

    void aBrokenFileDoesNotOpenAndOpensOnceFixed() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.yaml"));
        writeInPlace(path, ownLesson().replace(QStringLiteral("thread: R1\n    until"), QStringLiteral("thread: R9\n    until")));
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        QCOMPARE(player.openFile(path), -1);
        QCOMPARE(player.lessons()->rowCount(), 10);
        QVERIFY2(player.fileError().startsWith(path + QStringLiteral(":10:13: unknown thread 'R9'")), qPrintable(player.fileError()));
        QVERIFY2(player.fileError().contains(QStringLiteral("\n        thread: R9\n                ^")), qPrintable(player.fileError()));
        QCOMPARE(LessonPlayer::checkFile(path), player.fileError());
        QVERIFY(LessonPlayer::checkFile(dir.filePath(QStringLiteral("missing.yaml"))).contains(QStringLiteral("cannot read")));

        writeInPlace(path, ownLesson());
        QTRY_COMPARE(player.lessons()->rowCount(), 11);
        QCOMPARE(player.current(), 10);
        QVERIFY(player.fileError().isEmpty());
    }

    void anAddedFolderJoinsTheLibraryAcrossLaunches() {
        QTemporaryDir dir;
        writeInPlace(dir.filePath(QStringLiteral("a.yaml")), ownLesson(QStringLiteral("own-a"), QStringLiteral("Own A")));
        writeInPlace(dir.filePath(QStringLiteral("b.yml")), ownLesson(QStringLiteral("own-b"), QStringLiteral("Own B")));
        writeInPlace(dir.filePath(QStringLiteral("c.yaml")), QStringLiteral("id: [broken\n"));
        writeInPlace(dir.filePath(QStringLiteral("notes.txt")), QStringLiteral("not a lesson"));
        const auto titles = [](const LessonPlayer& p) {
            QStringList out;
            for (int r = 0; r < p.lessons()->rowCount(); ++r)
                out << p.lessons()->data(p.lessons()->index(r), LessonListModel::TitleRole).toString();
            return out;
        };
        {
            LessonPlayer player;
            QAbstractItemModelTester tester(player.lessons(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            QSignalSpy folders(&player, &LessonPlayer::foldersChanged);
            QVERIFY(!player.addFolder(dir.filePath(QStringLiteral("a.yaml"))));  // not a folder
            QVERIFY(player.addFolder(QUrl::fromLocalFile(dir.path()).toString()));
            QCOMPARE(folders.count(), 1);
            QCOMPARE(player.folders(), QStringList{dir.path()});
            QCOMPARE(player.lessons()->rowCount(), 12);
            QCOMPARE(titles(player).mid(10), (QStringList{QStringLiteral("Own A"), QStringLiteral("Own B")}));
            QVERIFY2(player.loadErrors().contains(dir.filePath(QStringLiteral("c.yaml")) + QStringLiteral(":")), qPrintable(player.loadErrors()));

            // A new file in the folder joins the library.
            writeInPlace(dir.filePath(QStringLiteral("d.yaml")), ownLesson(QStringLiteral("own-d"), QStringLiteral("Own D")));
            QTRY_COMPARE(player.lessons()->rowCount(), 13);
        }
        {
            LessonPlayer again;  // a new launch, the same settings
            QCOMPARE(again.folders(), QStringList{dir.path()});
            QCOMPARE(again.lessons()->rowCount(), 13);
            QCOMPARE(titles(again).first(), QStringLiteral("How to use Lockstep"));  // the shipped ones are still there
            QVERIFY(titles(again).contains(QStringLiteral("Own D")));
            again.removeFolder(dir.path());
            QCOMPARE(again.lessons()->rowCount(), 10);
            QVERIFY(again.loadErrors().isEmpty());
        }
        LessonPlayer third;
        QVERIFY(third.folders().isEmpty());
        QCOMPARE(third.lessons()->rowCount(), 10);
    }
};

QTEST_MAIN(LessonPlayerTest)
#include "tst_lessonplayer.moc"
