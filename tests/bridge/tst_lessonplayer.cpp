// The lesson player in the app: the library lists the shipped lessons, a lesson plays step by
// step with its checkpoints confirmed, Previous rewinds, a prediction holds Next until it is
// answered, exploring and coming back restores the script, a challenge is solved by the
// student's own steps, and progress survives a restart. A lesson resumes where it was left,
// however the app stopped (exploring or in a challenge as the student was), and the library
// counts the challenges solved and the predictions right, until a teacher clears it. A
// teacher's own lesson file opens, is remembered, reloads when it is edited (keeping the step),
// says where a broken edit is wrong while the last good version keeps playing, and a folder of
// lessons joins the library across launches. A challenge can forbid hints and the search for a
// violation, and so can the exam mode. Lesson Markdown becomes rich text that scales.
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

// The lessons the app ships (lessons/*.yaml): the library lists them before any of the user's.
constexpr int shipped = 15;

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

// The same with a challenge that allows what `allow` says ("" leaves the field out).
QString ownLessonWithChallenge(const QString& allow) {
    QString text = ownLesson() + QStringLiteral(R"(challenges:
  - title: Break it
    goal: { verdict: V1 }
    variant: no-recheck
    say: Find a schedule that puts R1 inside while W writes.
    hints: [Let R1 pass its first check before W write-locks.]
    solved: R1 is inside while W writes.
)");
    if (!allow.isEmpty()) text += QStringLiteral("    allow: %1\n").arg(allow);
    return text;
}

int library(const LessonPlayer& p, int row, LessonListModel::Roles role) {
    return p.lessons()->data(p.lessons()->index(row), role).toInt();
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// What a kill -9 leaves: the progress file exactly as it was before the app went away,
// whatever a clean shutdown (destructors) would have written after it.
void killAndRestore(std::unique_ptr<LessonPlayer>& player, const QByteArray& onDisk) {
    player.reset();
    QSaveFile f(LessonPlayer::progressPath());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(onDisk);
    QVERIFY(f.commit());
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
    void initTestCase() { useTestSettings("tst_lessonplayer"); }
    // Each test starts as a first launch: no progress, no remembered files or folders.
    void init() {
        QFile::remove(LessonPlayer::progressPath());
        QSettings().remove(QStringLiteral("lessons"));
    }

    void libraryListsTheShippedLessons() {
        LessonPlayer player;
        QAbstractItemModelTester tester(player.lessons(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY2(player.loadErrors().isEmpty(), qPrintable(player.loadErrors()));
        QCOMPARE(player.lessons()->rowCount(), shipped);
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

    // Every step is on disk as soon as it is played: a player that goes away without any
    // shutdown (as a kill -9 leaves it) is found at the same step, with the answer it had given
    // to the question waiting there, by the next launch.
    void aLessonResumesWhereItWasLeftEvenAfterAKill() {
        const int drain = lessonNamed(LessonPlayer(), QStringLiteral("drain"));
        QString shown;
        int at = 0, step = 0, answered = -1;
        QByteArray onDisk;
        {
            Session session;
            auto player = std::make_unique<LessonPlayer>();
            player->setSession(&session);
            QVERIFY(player->reopen());  // a first launch opens lesson 0
            QCOMPARE(player->current(), 0);
            player->open(drain);
            while (player->predictQuestion().isEmpty() && !player->atEnd()) QVERIFY(player->next());
            player->next();  // held by the question
            answered = 0;
            player->answer(answered);
            at = player->stepIndex();
            step = session.step();
            shown = refcnt(session);
            QVERIFY(at > 0);
            onDisk = readAll(LessonPlayer::progressPath());
            killAndRestore(player, onDisk);
        }
        Session session;
        LessonPlayer again;
        again.setSession(&session);
        QVERIFY(again.reopen());
        QCOMPARE(again.current(), drain);
        QCOMPARE(again.stepIndex(), at);
        QCOMPARE(again.predictAnswered(), answered);
        QCOMPARE(session.step(), step);
        QCOMPARE(refcnt(session), shown);
        QVERIFY(!again.checkpointText().contains(QStringLiteral("✗")));

        // Opened from the library it resumes as well; restart goes back to the first step,
        // and Previous is kept too.
        again.open(0);
        again.open(drain);
        QCOMPARE(again.stepIndex(), at);
        again.previous();
        LessonPlayer third;
        third.setSession(&session);
        QVERIFY(third.reopen());
        QCOMPARE(third.stepIndex(), at - 1);
        third.restart();
        QCOMPARE(third.stepIndex(), 0);
        QCOMPARE(library(third, drain, LessonListModel::ProgressRole), at);  // how far it got stays

        // Closed, nothing reopens.
        third.close();
        LessonPlayer fourth;
        fourth.setSession(&session);
        QVERIFY(!fourth.reopen());
        QCOMPARE(fourth.current(), -1);
    }

    // Exploring, and a challenge with its hints, come back as the student left them, with the
    // run they had made.
    void exploringAndAChallengeResumeWithTheirRun() {
        const int row = lessonNamed(LessonPlayer(), QStringLiteral("lock-outlives-refcount"));
        QString schedule;
        {
            Session session;
            auto player = std::make_unique<LessonPlayer>();
            player->setSession(&session);
            player->open(row);
            playOn(*player, 2);
            player->explore();
            QVERIFY(session.stepThread(0));
            QVERIFY(session.stepThread(0));
            schedule = session.schedule();
            // The run is saved once the steps pause.
            QTRY_VERIFY(readAll(LessonPlayer::progressPath()).contains(schedule.toUtf8()));
            killAndRestore(player, readAll(LessonPlayer::progressPath()));
        }
        {
            Session session;
            auto player = std::make_unique<LessonPlayer>();
            player->setSession(&session);
            QVERIFY(player->reopen());
            QVERIFY(player->exploring());
            QCOMPARE(player->stepIndex(), 2);
            QCOMPARE(session.schedule(), schedule);
            player->resume();  // back to the script where it was
            QCOMPARE(player->stepIndex(), 2);
            QVERIFY(session.schedule() != schedule);

            player->startChallenge(0);
            player->showHint();
            QVERIFY(session.replaySchedule(QStringLiteral("R1*4 W*3")).isEmpty());
            schedule = session.schedule();
            QTRY_VERIFY(readAll(LessonPlayer::progressPath()).contains(schedule.toUtf8()));
            killAndRestore(player, readAll(LessonPlayer::progressPath()));
        }
        Session session;
        LessonPlayer again;
        again.setSession(&session);
        QVERIFY(again.reopen());
        QCOMPARE(again.challenge(), 0);
        QCOMPARE(again.hintsShown().size(), 1);
        QCOMPARE(session.variant(), QStringLiteral("no-recheck"));
        QCOMPARE(session.schedule(), schedule);
        QVERIFY(!again.solved());
        QVERIFY(session.replaySchedule(QStringLiteral("R1*4 W*17 R1*2")).isEmpty());
        QVERIFY(again.solved());
        again.stopChallenge();
        QCOMPARE(again.stepIndex(), 2);
        QVERIFY(!again.exploring());
    }

    // The library keeps the first answer to each prediction and the challenges solved, across
    // launches; a teacher clears it all, and the next launch is a first one again.
    void theLibraryCountsChallengesAndPredictionsUntilCleared() {
        const int row = lessonNamed(LessonPlayer(), QStringLiteral("lock-outlives-refcount"));
        {
            Session session;
            LessonPlayer player;
            player.setSession(&session);
            QAbstractItemModelTester tester(player.lessons(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            QCOMPARE(library(player, row, LessonListModel::PredictionsRole), 2);
            QCOMPARE(library(player, row, LessonListModel::ChallengesRole), 1);
            player.open(row);
            while (player.predictQuestion().isEmpty()) QVERIFY(player.next());
            const auto& asked = *player.lessons()->entries()[static_cast<std::size_t>(row)].lesson.script[static_cast<std::size_t>(player.stepIndex())].predict;
            QVERIFY(!player.answer(asked.answer == 0 ? 1 : 0));  // a wrong answer first: it counts as wrong
            for (int c = 0; !player.answer(c); ++c) {}
            QVERIFY(player.next());
            QCOMPARE(library(player, row, LessonListModel::AnsweredRole), 1);
            QCOMPARE(library(player, row, LessonListModel::RightRole), 0);
            player.previous();
            for (int c = 0; !player.answer(c); ++c) {}  // right this time: the first answer stands
            QVERIFY(player.next());
            while (!player.atEnd()) {  // the second question, answered right at once
                if (!player.predictQuestion().isEmpty())
                    QVERIFY(player.answer(static_cast<int>(player.lessons()->entries()[static_cast<std::size_t>(row)]
                                                               .lesson.script[static_cast<std::size_t>(player.stepIndex())].predict->answer)));
                QVERIFY(player.next());
            }
            QCOMPARE(library(player, row, LessonListModel::AnsweredRole), 2);
            QCOMPARE(library(player, row, LessonListModel::RightRole), 1);
            QVERIFY(player.lessons()->data(player.lessons()->index(row), LessonListModel::CompletedRole).toBool());

            player.startChallenge(0);
            QVERIFY(session.replaySchedule(QStringLiteral("R1*4 W*17 R1*2")).isEmpty());
            QVERIFY(player.solved());
            QCOMPARE(library(player, row, LessonListModel::SolvedRole), 1);
        }
        Session session;
        LessonPlayer again;
        again.setSession(&session);
        QCOMPARE(library(again, row, LessonListModel::SolvedRole), 1);
        QCOMPARE(library(again, row, LessonListModel::AnsweredRole), 2);
        QCOMPARE(library(again, row, LessonListModel::RightRole), 1);
        QCOMPARE(library(again, row, LessonListModel::ProgressRole), again.lessons()->data(again.lessons()->index(row), LessonListModel::StepsRole).toInt());

        QSignalSpy changed(again.lessons(), &QAbstractItemModel::dataChanged);
        again.clearProgress();
        QVERIFY(changed.count() >= again.lessons()->rowCount());
        for (auto role : {LessonListModel::SolvedRole, LessonListModel::AnsweredRole, LessonListModel::ProgressRole, LessonListModel::AtRole})
            QCOMPARE(library(again, row, role), 0);
        LessonPlayer fresh;
        fresh.setSession(&session);
        QCOMPARE(library(fresh, row, LessonListModel::SolvedRole), 0);
        QVERIFY(fresh.reopen());
        QCOMPARE(fresh.current(), 0);  // as on a first launch
    }

    // A file opened on its own is in the library at the next launch and resumes there; the
    // library can forget it.
    void aFileOpenedOnItsOwnIsRememberedAndResumes() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("own.yaml"));
        writeInPlace(path, ownLesson());
        {
            Session session;
            LessonPlayer player;
            player.setSession(&session);
            const int row = player.openFile(path);
            QVERIFY(row >= 0);
            QVERIFY(player.lessons()->data(player.lessons()->index(row), LessonListModel::RemovableRole).toBool());
            QVERIFY(!player.lessons()->data(player.lessons()->index(0), LessonListModel::RemovableRole).toBool());
            playOn(player, 2);
        }
        Session session;
        {
            LessonPlayer again;
            again.setSession(&session);
            QCOMPARE(again.lessons()->rowCount(), shipped + 1);
            QVERIFY(again.reopen());
            QCOMPARE(again.current(), shipped);
            QCOMPARE(again.title(), QStringLiteral("A teacher's lesson"));
            QCOMPARE(again.stepIndex(), 2);
            again.removeFile(path);
            QCOMPARE(again.lessons()->rowCount(), shipped);
            QCOMPARE(again.current(), -1);
            QVERIFY(QFile::exists(path));
        }
        LessonPlayer third;
        QCOMPARE(third.lessons()->rowCount(), shipped);
    }

    // A challenge's `allow`, and the teacher's exam mode, take the hints and the search for a
    // violation away, and say why; outside a challenge both are there.
    void hintsAndSearchFollowTheLessonAndTheExamMode() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("own.yaml"));
        writeInPlace(path, ownLessonWithChallenge(QStringLiteral("[hints]")));
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        QVERIFY2(player.openFile(path) >= 0, qPrintable(player.fileError()));
        QVERIFY(player.hintsAllowed() && player.searchAllowed());
        QVERIFY(player.helpNote().isEmpty());
        QSignalSpy challenge(&player, &LessonPlayer::challengeChanged);
        player.startChallenge(0);
        QVERIFY(player.hintsAllowed());
        QVERIFY(!player.searchAllowed());
        QVERIFY(player.helpNote().contains(QStringLiteral("Find a violation")));
        QVERIFY(player.hasMoreHints());

        player.setExamMode(true);
        QVERIFY(challenge.count() >= 2);
        QVERIFY(!player.hintsAllowed());
        QVERIFY(!player.hasMoreHints());
        player.showHint();
        QVERIFY(player.hintsShown().isEmpty());
        QVERIFY(player.helpNote().contains(QStringLiteral("Exam")));
        {
            LessonPlayer next;  // the setting is kept
            QVERIFY(next.examMode());
        }
        player.setExamMode(false);
        player.showHint();
        QCOMPARE(player.hintsShown().size(), 1);
        player.stopChallenge();
        QVERIFY(player.searchAllowed());

        // Neither: the lesson says so.
        writeInPlace(path, ownLessonWithChallenge(QStringLiteral("[]")));
        QTRY_VERIFY(player.lessons()->data(player.lessons()->index(player.current()), LessonListModel::TitleRole).isValid()
                    && !player.lessons()->entries()[static_cast<std::size_t>(player.current())].lesson.challenges[0].allow_hints);
        player.startChallenge(0);
        QVERIFY(!player.hintsAllowed());
        QVERIFY(!player.searchAllowed());
        QVERIFY(!player.helpNote().isEmpty());
    }

    // Markdown keeps its paragraphs apart and its code in the monospace family at the size of
    // the text around it, whatever the zoom: no raw backticks, no fixed small code size.
    void markdownBecomesRichTextThatScales() {
        const QString md = QStringLiteral("R1 calls `rcuwait_wake_up()` and **W** wakes.\n\nA second paragraph.\n\n- one\n- two\n");
        for (int px : {16, 32}) {
            const QString html = LessonPlayer::richText(md, px);
            QVERIFY2(!html.contains(QLatin1Char('`')), qPrintable(html));
            QVERIFY(html.contains(QStringLiteral("rcuwait_wake_up()")));
            const QRegularExpression code(QStringLiteral("<span style=\"([^\"]*)\">rcuwait_wake_up\\(\\)</span>"));
            const QRegularExpressionMatch m = code.match(html);
            QVERIFY2(m.hasMatch(), qPrintable(html));
            QVERIFY2(m.captured(1).contains(QStringLiteral("monospace")), qPrintable(m.captured(1)));
            QVERIFY2(!m.captured(1).contains(QStringLiteral("font-size")), qPrintable(m.captured(1)));  // the text's own size
            QVERIFY2(html.contains(QStringLiteral("font-size:%1px").arg(px)), qPrintable(html));
            // The second paragraph stands apart by most of a line, the list's items by less.
            QVERIFY2(html.contains(QStringLiteral("margin-top:%1px; margin-bottom:0px; margin-left:0px; margin-right:0px; -qt-block-indent:0; text-indent:0px;\">A second")
                                       .arg(qRound(px * 0.6))), qPrintable(html));
        }
        QCOMPARE(LessonPlayer::richText(QString(), 16), QString());
    }

    void aLessonFileOpensFromDisk() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("own.yaml"));
        writeInPlace(path, ownLesson());
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        const int row = player.openFile(QUrl::fromLocalFile(path).toString());  // as a dialog or a drop gives it
        QCOMPARE(row, shipped);
        QCOMPARE(player.lessons()->rowCount(), shipped + 1);
        QCOMPARE(player.current(), row);
        QCOMPARE(player.title(), QStringLiteral("A teacher's lesson"));
        QCOMPARE(player.lessons()->data(player.lessons()->index(row), LessonListModel::PathRole).toString(), path);
        QCOMPARE(session.scenario(), QStringLiteral("vma-lock-seq-recheck"));
        QVERIFY(player.fileError().isEmpty());
        playOn(player);
        QVERIFY(player.atEnd());
        QCOMPARE(player.openFile(path), row);  // opened again: the same entry
        QCOMPARE(player.lessons()->rowCount(), shipped + 1);
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
        QCOMPARE(player.lessons()->rowCount(), shipped);
        QVERIFY2(player.fileError().startsWith(path + QStringLiteral(":10:13: unknown thread 'R9'")), qPrintable(player.fileError()));
        QVERIFY2(player.fileError().contains(QStringLiteral("\n        thread: R9\n                ^")), qPrintable(player.fileError()));
        QCOMPARE(LessonPlayer::checkFile(path), player.fileError());
        QVERIFY(LessonPlayer::checkFile(dir.filePath(QStringLiteral("missing.yaml"))).contains(QStringLiteral("cannot read")));

        writeInPlace(path, ownLesson());
        QTRY_COMPARE(player.lessons()->rowCount(), shipped + 1);
        QCOMPARE(player.current(), shipped);
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
            QCOMPARE(player.lessons()->rowCount(), shipped + 2);
            QCOMPARE(titles(player).mid(shipped), (QStringList{QStringLiteral("Own A"), QStringLiteral("Own B")}));
            QVERIFY2(player.loadErrors().contains(dir.filePath(QStringLiteral("c.yaml")) + QStringLiteral(":")), qPrintable(player.loadErrors()));

            // A new file in the folder joins the library.
            writeInPlace(dir.filePath(QStringLiteral("d.yaml")), ownLesson(QStringLiteral("own-d"), QStringLiteral("Own D")));
            QTRY_COMPARE(player.lessons()->rowCount(), shipped + 3);
        }
        {
            LessonPlayer again;  // a new launch, the same settings
            QCOMPARE(again.folders(), QStringList{dir.path()});
            QCOMPARE(again.lessons()->rowCount(), shipped + 3);
            QCOMPARE(titles(again).first(), QStringLiteral("How to use Lockstep"));  // the shipped ones are still there
            QVERIFY(titles(again).contains(QStringLiteral("Own D")));
            again.removeFolder(dir.path());
            QCOMPARE(again.lessons()->rowCount(), shipped);
            QVERIFY(again.loadErrors().isEmpty());
        }
        LessonPlayer third;
        QVERIFY(third.folders().isEmpty());
        QCOMPARE(third.lessons()->rowCount(), shipped);
    }
};

QTEST_MAIN(LessonPlayerTest)
#include "tst_lessonplayer.moc"
