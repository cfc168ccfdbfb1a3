import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// A lesson played the way a student plays it: Next and Previous, the clicker's keys, a
// prediction that must be answered, leaving the script and coming back, and a challenge;
// checked through what the window shows (values from lessons/00-how-to-use-lockstep.yaml).
Item {
    id: top

    width: 1500
    height: 950

    Session { id: theSession }
    // Writes nothing: the window's own player (below) is the one whose saving is tested.
    LessonPlayer {
        id: thePlayer
        session: theSession
        persistent: false
    }

    LabPage {
        id: page
        anchors.fill: parent
        session: theSession
        player: thePlayer
    }

    // The window: presenter mode, and the lesson left open comes back. Declared before the
    // page's TestCase so that it runs after it: right after one of these windows was destroyed,
    // the page's first mouse clicks were lost (Qt 6.4, offscreen platform).
    Session { id: windowSession }
    Component {
        id: mainWindow
        Main { session: windowSession }
    }

    TestCase {
        name: "LessonWindow"
        when: windowShown

        function open() {
            windowSession.scenario = windowSession.scenarios[0]
            windowSession.variant = windowSession.variants[0]
            windowSession.reset()
            const win = createTemporaryObject(mainWindow, top)
            verify(win !== null)
            win.requestActivate()
            tryVerify(() => win.active, 2000, "the window gets the keyboard")
            return win
        }

        function init() {
            failOnWarning(/.*/)
        }
        // The test's own window takes the keyboard and mouse back before one of ours goes.
        function closeWindow(win) {
            top.Window.window.requestActivate()
            tryVerify(() => top.Window.window.active)
            win.destroy()
            wait(0)
        }

        function test_presenterModeEnlargesTheTypeAndShowsCaptions() {
            const win = open()
            win.zoom = 1
            win.player.open(0)
            verify(!win.presenting)
            // F5 and Escape do the same (checked by hand under Xvfb: like F1, a test's
            // function keys and Escape go to the test's own window).
            win.setPresenting(true)
            verify(win.presenting)
            // 1.4x on a 1080-line screen, at least 1.1x on a smaller one.
            const factor = Math.max(1.1, Math.min(1.4, 1.4 * win.height / 1080))
            verify(Math.abs(Theme.zoom - factor) < 0.01, "presenter type is larger: " + Theme.zoom)
            verify(Theme.zoom >= 1.1 - 1e-6)
            verify(!win.menuBar.visible)
            const captions = findChild(win.contentItem, "presenterCaptionText")
            tryVerify(() => captions.visible)
            compare(captions.text, win.player.richText(win.player.narration, Theme.fontLarge))
            const exit = findChild(win.contentItem, "presenterExit")
            tryVerify(() => exit.visible)
            mouseClick(exit)
            verify(!win.presenting)
            compare(Theme.zoom, 1)
            verify(win.menuBar.visible)
            tryVerify(() => findChild(win.contentItem, "narrationText") !== null)
            win.player.close()
        }

        // The lesson left open comes back at its step, and as the student was in it (here:
        // exploring); a closed one stays closed.
        function test_theLessonLeftOpenReopensWhereItWasLeft() {
            let win = open()
            win.player.open(2, true)
            win.player.next()
            win.player.next()
            win.player.explore()
            closeWindow(win)

            win = open()
            compare(win.player.current, 2)
            compare(win.player.stepIndex, 2)
            verify(win.player.exploring)
            const resume = findChild(win.contentItem, "lessonResume")
            tryVerify(() => resume !== null && resume.visible)
            win.player.resume()
            verify(!win.player.exploring)
            compare(win.player.stepIndex, 2)

            // Closed, it stays closed; the run of last time comes back instead.
            win.player.close()
            closeWindow(win)
            win = open()
            compare(win.player.current, -1)
        }

        // The teacher's exam: hints and "Find a violation" are gone in a challenge, and the
        // card says why; the menu entry and the setting turn it on and off.
        function test_examModeTakesHintsAndTheSearchAway() {
            const win = open()
            win.player.examMode = false
            win.player.open(2, true)
            win.player.startChallenge(0)
            const find = findChild(win.contentItem, "findButton")
            const hint = findChild(win.contentItem, "challengeHint")
            const note = findChild(win.contentItem, "challengeHelpNote")
            verify(find !== null && hint !== null && note !== null)
            tryVerify(() => hint.visible)
            verify(find.enabled)
            verify(!note.visible)

            win.player.examMode = true
            verify(!find.enabled, "no search for the answer in an exam")
            verify(!hint.visible)
            verify(note.visible)
            verify(note.text.indexOf("Exam") >= 0)

            win.player.stopChallenge()
            verify(find.enabled, "outside a challenge the lab searches as always")
            win.player.examMode = false
            win.player.close()
            closeWindow(win)
        }
    }

    TestCase {
        name: "Lesson"
        when: windowShown

        function child(name) {
            tryVerify(() => findChild(page, name) !== null, 2000, "no item named " + name)
            return findChild(page, name)
        }
        function click(name) {
            const c = child(name)
            verify(c.visible, name + " is not visible")
            verify(c.enabled, name + " is disabled")
            mouseClick(c)
        }
        function refcount() {
            return child("refcntText_vma").text
        }

        function init() {
            failOnWarning(/.*/)  // the window must run without a single QML warning
            top.Window.window.requestActivate()
            tryVerify(() => top.Window.window.active)
            Theme.zoom = 1
            thePlayer.open(0)
            thePlayer.restart()
            compare(thePlayer.current, 0)
            page.forceActiveFocus()
            wait(0)
        }
        function cleanup() {
            thePlayer.close()
        }

        function test_narrationNextAndPreviousFollowTheScript() {
            compare(thePlayer.stepIndex, 0)
            compare(child("narrationText").text, thePlayer.richText(thePlayer.narration, Theme.fontBase))
            verify(thePlayer.narration !== "")
            compare(refcount(), "1")
            verify(!child("lessonPrevious").enabled)

            click("lessonNext")
            compare(thePlayer.stepIndex, 1)
            compare(child("narrationText").text, thePlayer.richText(thePlayer.narration, Theme.fontBase))
            verify(child("narrationText").text.indexOf("operation") >= 0, "the first step's words")
            compare(child("lessonStepCounter").text, qsTr("Step %1 of %2").arg(1).arg(thePlayer.stepCount))

            // R1 takes one step, then runs up to its increment: vm_refcnt is still 1.
            click("lessonNext")
            click("lessonNext")
            compare(thePlayer.stepIndex, 3)
            compare(refcount(), "1")
            compare(theSession.vmas.rowCount(), 1)

            click("lessonPrevious")
            compare(thePlayer.stepIndex, 2)
            compare(child("narrationText").text, thePlayer.richText(thePlayer.narration, Theme.fontBase))
            compare(refcount(), "1")
        }

        function test_aPredictionBlocksNextUntilAnswered() {
            for (let i = 0; i < 3; ++i)
                click("lessonNext")
            compare(thePlayer.stepIndex, 3)
            // The next step asks what vm_refcnt will be.
            verify(thePlayer.predictQuestion !== "")
            compare(thePlayer.predictAnswered, -1)
            const next = child("lessonNext")
            verify(!next.enabled, "Next waits for the answer")
            keyClick(Qt.Key_PageDown)
            compare(thePlayer.stepIndex, 3, "the clicker cannot skip the question")
            verify(!thePlayer.next())
            compare(refcount(), "1")

            click("predictChoice_1")
            compare(thePlayer.predictAnswered, 1)
            verify(thePlayer.predictCorrect)
            tryVerify(() => child("predictResult").visible)
            tryVerify(() => child("predictExplain").visible)
            compare(child("predictExplain").text, thePlayer.richText(thePlayer.predictExplain, Theme.fontBase))

            click("lessonNext")
            compare(thePlayer.stepIndex, 4)
            compare(refcount(), "2")
            // The step points at the counter: its value is framed.
            verify(thePlayer.highlight.indexOf("vma.vm_refcnt") >= 0)
            verify(findChild(child("refcntText_vma"), "emphasis").visible)
            verify(child("checkpointText").visible)

            // R1 goes on to read the vma; then W sets the writer bit and sleeps.
            click("lessonNext")
            compare(refcount(), "2")
            click("lessonNext")
            compare(thePlayer.stepIndex, 6)
            compare(refcount(), "OFFSET+2")
            compare(child("lessonFailure").visible, false)
        }

        function test_clickerKeysMoveTheScriptAndTheLabKeysReturnWhenExploring() {
            keyClick(Qt.Key_PageDown)
            compare(thePlayer.stepIndex, 1)
            keyClick(Qt.Key_Right)
            compare(thePlayer.stepIndex, 2)
            // Lesson step 2 points at R1's lane.
            verify(thePlayer.highlight.indexOf("lane:R1") >= 0)
            tryVerify(() => child("laneEmphasis_0").visible)
            verify(!child("laneEmphasis_3").visible)
            keyClick(Qt.Key_Space)
            compare(thePlayer.stepIndex, 3)
            keyClick(Qt.Key_PageUp)
            compare(thePlayer.stepIndex, 2)
            keyClick(Qt.Key_Left)
            compare(thePlayer.stepIndex, 1)

            click("lessonExplore")
            verify(thePlayer.exploring)
            const step = theSession.step
            keyClick(Qt.Key_1)
            compare(theSession.step, step + 1)
            keyClick(Qt.Key_Left)
            compare(theSession.step, step, "Left is the lab's Back again")
            compare(thePlayer.stepIndex, 1)

            click("lessonResume")
            verify(!thePlayer.exploring)
            compare(thePlayer.stepIndex, 1)
            keyClick(Qt.Key_PageDown)
            compare(thePlayer.stepIndex, 2)
        }

        // Keys answer a prediction as F1 promises: a letter at once, or the arrows and Enter;
        // the clicker's PageDown then moves on.
        function test_aPredictionIsAnsweredByLetterOrByArrowsAndEnter() {
            for (let i = 0; i < 3; ++i)
                keyClick(Qt.Key_PageDown)
            compare(thePlayer.stepIndex, 3)
            verify(thePlayer.predictQuestion !== "")
            verify(child("predictChoice_0").text.indexOf("A") === 0, "choices are lettered")
            keyClick(Qt.Key_B)
            compare(thePlayer.predictAnswered, 1)
            keyClick(Qt.Key_PageDown)
            compare(thePlayer.stepIndex, 4, "after the answer the clicker moves on")

            // Back to the question: Down moves to the second choice, Enter answers it.
            keyClick(Qt.Key_PageUp)
            compare(thePlayer.stepIndex, 3)
            compare(thePlayer.predictAnswered, -1)
            keyClick(Qt.Key_Down)
            keyClick(Qt.Key_Return)
            compare(thePlayer.predictAnswered, 1)
        }

        // The end of a lesson says so and offers the next one; the clicker goes on to it.
        function test_theEndOffersTheNextLesson() {
            while (thePlayer.next()) {
                if (thePlayer.predictQuestion !== "" && thePlayer.predictAnswered < 0)
                    thePlayer.answer(0)
            }
            while (!thePlayer.atEnd) {
                if (thePlayer.predictQuestion !== "" && thePlayer.predictAnswered < 0)
                    thePlayer.answer(0)
                thePlayer.next()
            }
            verify(thePlayer.nextTitle !== "")
            const next = thePlayer.nextTitle
            verify(child("lessonStepCounter").text.indexOf(next) >= 0, "the end names the next lesson")
            verify(child("lessonNext").enabled)
            keyClick(Qt.Key_PageDown)
            compare(thePlayer.current, 1)
            compare(thePlayer.title, next)
            thePlayer.open(0)
        }

        // A digit inside the script does not leave it silently: it asks, and the same digit
        // again leaves and steps; Escape stays.
        function test_aDigitAsksBeforeLeavingTheScript() {
            keyClick(Qt.Key_PageDown)
            const step = theSession.step
            keyClick(Qt.Key_1)
            verify(!thePlayer.exploring)
            compare(theSession.step, step)
            tryVerify(() => child("leaveScriptNotice").visible)
            keyClick(Qt.Key_Escape)
            verify(!child("leaveScriptNotice").visible)
            keyClick(Qt.Key_1)
            keyClick(Qt.Key_1)
            verify(thePlayer.exploring)
            compare(theSession.step, step + 1)
            click("lessonResume")
        }

        function test_aChallengeShowsItsTextHintsAndTheSolvedBanner() {
            thePlayer.open(1, true)
            verify(thePlayer.challengeTitles.length > 0)
            click("challengeStart_0")
            compare(thePlayer.challenge, 0)
            const text = child("challengeText")
            tryVerify(() => text.visible)
            compare(text.text, thePlayer.richText(thePlayer.challengeText, Theme.fontBase))
            verify(text.text.length > 0)

            verify(!child("solvedBanner").visible)
            click("challengeHint")
            compare(thePlayer.hintsShown.length, 1)
            tryVerify(() => child("challengeHintText_0").visible)

            // The first hint's recipe: R1 and R2 inside, then W until the word reads OFFSET+4.
            for (let i = 0; i < 11; ++i)
                theSession.stepThread(0)
            for (let i = 0; i < 11; ++i)
                theSession.stepThread(1)
            for (let i = 0; i < 40 && !thePlayer.solved; ++i)
                theSession.stepThread(3)
            verify(thePlayer.solved, "the challenge was solved at " + refcount())
            tryVerify(() => child("solvedBanner").visible)
            compare(child("solvedText").text, thePlayer.richText(thePlayer.solvedText, Theme.fontBase))

            click("challengeStop")
            compare(thePlayer.challenge, -1)
            verify(!child("solvedBanner").visible)
        }

        function test_theLibraryListsTheLessonsAndOpensOne() {
            page.openLibrary()
            const library = findChild(page, "lessonLibrary") ?? page.children.find(c => c.objectName === "lessonLibrary")
            verify(library)
            tryVerify(() => library.opened)
            const list = findChild(library.contentItem, "lessonList")
            compare(list.count, thePlayer.lessons.rowCount())
            tryVerify(() => findChild(list, "lessonEntry_2") !== null)
            mouseClick(findChild(list, "lessonEntry_2"))
            compare(thePlayer.current, 2)
            tryVerify(() => !library.visible)
            compare(child("lessonTitle").text, thePlayer.title)
        }

        // The library shows what the student did in each lesson, and a teacher clears it.
        function test_theLibraryShowsProgressAndClearsIt() {
            thePlayer.open(2, true)
            while (thePlayer.predictQuestion === "")
                thePlayer.next()
            for (let c = 0; !thePlayer.answer(c); ++c) {}  // a wrong answer first, if A is wrong
            thePlayer.next()
            thePlayer.startChallenge(0)
            verify(theSession.replaySchedule("R1*4 W*17 R1*2") === "")
            verify(thePlayer.solved)
            thePlayer.stopChallenge()

            page.openLibrary()
            const library = findChild(page, "lessonLibrary")
            tryVerify(() => library.opened)
            const list = findChild(library.contentItem, "lessonList")
            tryVerify(() => findChild(list, "lessonScore_2") !== null)
            const score = findChild(list, "lessonScore_2")
            verify(score.visible)
            verify(score.text.indexOf(qsTr("challenges solved: %1 of %2").arg(1).arg(1)) >= 0, score.text)
            verify(score.text.indexOf(qsTr("predictions right:")) >= 0, score.text)
            compare(findChild(list, "lessonReached_2").text, qsTr("reached step %1 of %2").arg(4).arg(thePlayer.stepCount))
            if (testFiles.pictureDir() !== "")
                grabImage(page).save(testFiles.pictureDir() + "/library-progress.png")

            const clear = findChild(library.contentItem, "libraryClear")
            mouseClick(clear)
            const confirm = findChild(library.contentItem, "libraryConfirmClear")
            tryVerify(() => confirm.visible)
            mouseClick(findChild(library.contentItem, "libraryClearConfirm"))
            tryVerify(() => !confirm.visible)
            compare(score.text, qsTr("challenges solved: %1 of %2").arg(0).arg(1))
            compare(findChild(list, "lessonReached_2").text, qsTr("not started"))
            compare(thePlayer.stepIndex, 0)
            library.close()
            tryVerify(() => !library.visible)
        }

        // Nothing floats over the lab: the controls have a strip of their own above the lanes
        // and the captions their place below them.
        function test_presenterModeShowsCaptionsAndControlsBesideTheLanes() {
            page.presenting = true
            const captions = findChild(page, "presenterCaptionText")
            tryVerify(() => captions.visible)
            compare(captions.text, thePlayer.richText(thePlayer.narration, Theme.fontLarge))
            const controls = findChild(page, "presenterControls")
            const lanes = findChild(page, "lanes")
            const box = findChild(page, "presenterCaptions")
            verify(controls.visible)
            wait(100)
            const c = controls.mapToItem(page, 0, 0, controls.width, controls.height)
            const l = lanes.mapToItem(page, 0, 0, lanes.width, lanes.height)
            const b = box.mapToItem(page, 0, 0, box.width, box.height)
            verify(c.y + c.height <= l.y, "the controls' strip is above the lanes")
            verify(l.y + l.height <= b.y, "the captions are below the lanes")
            verify(b.y + b.height <= page.height + 0.5, "the captions are inside the page")
            // They stay when the mouse rests: a strip of its own covers nothing.
            wait(500)
            verify(controls.visible)
            keyClick(Qt.Key_PageDown)
            compare(thePlayer.stepIndex, 1)
            compare(captions.text, thePlayer.richText(thePlayer.narration, Theme.fontLarge))
            page.presenting = false
        }

        // A question's choices are never below the fold of the captions, however long the
        // step's words: they sit under the words, which scroll.
        function test_presenterChoicesStayInView() {
            while (thePlayer.predictQuestion === "")
                verify(thePlayer.next())
            page.presenting = true
            const box = findChild(page, "presenterCaptions")
            tryVerify(() => box.visible)
            tryVerify(() => findChild(page, "presenterChoice_0") !== null)
            wait(50)
            const b = box.mapToItem(page, 0, 0, box.width, box.height)
            verify(b.y + b.height <= page.height + 0.5)
            for (let i = 0; i < thePlayer.predictChoices.length; ++i) {
                const c = findChild(page, "presenterChoice_" + i)
                const r = c.mapToItem(page, 0, 0, c.width, c.height)
                verify(r.y >= b.y && r.y + r.height <= b.y + b.height + 0.5, "choice " + i + " is inside the captions")
                verify(r.x >= b.x && r.x + r.width <= b.x + b.width + 0.5, "choice " + i + " fits their width")
            }
            keyClick(Qt.Key_A)
            compare(thePlayer.predictAnswered, 0)
            const explain = findChild(page, "presenterExplain")
            tryVerify(() => explain.visible)
            const e = explain.mapToItem(page, 0, 0, explain.width, explain.height)
            verify(e.y + e.height <= b.y + box.height + 0.5, "the verdict is inside the captions")
            page.presenting = false
        }

        // A clicker's blank-screen key (B) hides the lab and brings it back, without moving
        // the lesson; T shows the timeline in presenter mode.
        function test_presenterBlankScreenAndTimeline() {
            page.presenting = true
            const blank = findChild(page, "blankScreen")
            verify(!blank.visible)
            const before = thePlayer.stepIndex
            keyClick(Qt.Key_B)
            verify(blank.visible)
            keyClick(Qt.Key_PageDown)
            verify(!blank.visible)
            compare(thePlayer.stepIndex, before, "PageDown only unblanks")
            keyClick(Qt.Key_Period)
            verify(blank.visible)
            keyClick(Qt.Key_Period)
            verify(!blank.visible)

            const timeline = findChild(page, "timelinePane")
            const shown = timeline.visible
            keyClick(Qt.Key_T)
            compare(timeline.visible, !shown)
            keyClick(Qt.Key_T)
            compare(timeline.visible, shown)
            page.presenting = false
        }
    }

    // A lesson panel on its own, as short as a small window or a large zoom leaves it.
    Item {
        id: foldHost
        visible: false
        z: 10
        Session { id: foldSession }
        LessonPlayer {
            id: foldPlayer
            session: foldSession
            persistent: false
        }
        LessonPanel {
            id: foldPanel
            anchors.fill: parent
            player: foldPlayer
        }
    }

    // What is done never goes below the fold: the prediction's choices, Next, "Solved!" and
    // the way back stay on screen however long the text, which scrolls (and is scrolled to
    // what was just added). And no lesson text shows a raw backtick: it is all Markdown.
    TestCase {
        name: "LessonPanelFold"
        when: windowShown

        function init() {
            failOnWarning(/.*/)
            foldHost.visible = true
        }
        function cleanup() {
            foldPlayer.close()
            foldHost.visible = false
            Theme.zoom = 1
        }
        function item(name) {
            const found = findChild(foldPanel, name)
            verify(found !== null, "no item named " + name)
            return found
        }
        // Shown, and inside the panel's height.
        function verifyOnScreen(name) {
            const it = item(name)
            verify(it.visible, name + " is not shown")
            const at = it.mapToItem(foldPanel, 0, 0)
            verify(at.y >= -0.5 && at.y + it.height <= foldPanel.height + 0.5,
                   name + " is at " + at.y + ".." + (at.y + it.height) + " in a panel " + foldPanel.height + " high")
        }
        function save(name) {
            if (testFiles.pictureDir() !== "") {
                const image = grabImage(foldHost)
                image.save(testFiles.pictureDir() + "/fold-" + name + ".png")
            }
        }

        // 385x290 is what the window at 1280x720 leaves the panel at zoom 1.
        function test_controlsStayOnScreen_data() {
            return [{tag: "zoom 1, 1280x720", zoom: 1, width: 385, height: 290},
                    {tag: "zoom 2, tall", zoom: 2, width: 512, height: 440}]
        }
        function test_controlsStayOnScreen(data) {
            Theme.zoom = data.zoom
            foldHost.width = data.width
            foldHost.height = data.height
            // Lesson 2 asks its first question after a long step.
            foldPlayer.open(2, true)
            while (foldPlayer.predictQuestion === "")
                verify(foldPlayer.next())
            waitForRendering(foldPanel)
            const reading = item("lessonReading")
            verify(reading.contentHeight > reading.height, "the narration is longer than its area")
            verifyOnScreen("lessonNext")
            for (let c = 0; c < foldPlayer.predictChoices.length; ++c)
                verifyOnScreen("predictChoice_" + c)
            save(data.zoom + "-predict")

            foldPlayer.answer(0)
            verifyOnScreen("predictResult")
            verifyOnScreen("predictChoice_0")
            verifyOnScreen("lessonNext")
            // The explanation just given is scrolled into view.
            const explain = item("predictExplain")
            tryVerify(() => explain.visible && reading.contentY + reading.height >= explain.y + explain.height - 1,
                      2000, "the explanation is scrolled to")
            save(data.zoom + "-answered")

            foldPlayer.startChallenge(0)
            verifyOnScreen("challengeStop")
            foldPlayer.showHint()
            verify(foldSession.replaySchedule("R1*4 W*17 R1*2") === "")
            verify(foldPlayer.solved)
            waitForRendering(foldPanel)
            verifyOnScreen("solvedBanner")
            verifyOnScreen("challengeStop")
            save(data.zoom + "-solved")
            foldPlayer.stopChallenge()
        }

        function test_noLessonTextShowsARawBacktick() {
            foldHost.width = 600
            foldHost.height = 800
            const noBacktick = (name) => verify(item(name).text.indexOf("`") < 0, name + ": " + item(name).text)
            for (let row = 0; row < foldPlayer.lessons.rowCount(); ++row) {
                foldPlayer.open(row, true)
                for (;;) {
                    noBacktick("narrationText")
                    if (foldPlayer.predictQuestion !== "") {
                        noBacktick("predictQuestion")
                        foldPlayer.answer(0)
                        noBacktick("predictExplain")
                    }
                    if (foldPlayer.atEnd)
                        break
                    verify(foldPlayer.next() || foldPlayer.failure === "", foldPlayer.failure)
                }
                for (let c = 0; c < foldPlayer.challengeTitles.length; ++c) {
                    foldPlayer.startChallenge(c)
                    while (foldPlayer.hasMoreHints)
                        foldPlayer.showHint()
                    noBacktick("challengeText")
                    for (let h = 0; h < foldPlayer.hintsShown.length; ++h)
                        noBacktick("challengeHintText_" + h)
                    foldPlayer.stopChallenge()
                }
            }
        }
    }
}
