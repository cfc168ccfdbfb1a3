// The lesson player in the app: the library lists the shipped lessons, a lesson plays step by
// step with its checkpoints confirmed, Previous rewinds, a prediction holds Next until it is
// answered, exploring and coming back restores the script, a challenge is solved by the
// student's own steps, and progress survives a restart.
#include "test_settings.hpp"

#include "lessonplayer.h"
#include "session.h"
#include "vmamodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
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

}  // namespace

class LessonPlayerTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        useTestSettings("tst_lessonplayer");
        QFile::remove(LessonPlayer::progressPath());
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
};

QTEST_MAIN(LessonPlayerTest)
#include "tst_lessonplayer.moc"
