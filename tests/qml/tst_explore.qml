import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// The lab for people who explore: "Run until" typed or picked and run with Enter, its errors
// shown in place; the timeline scrubbed by dragging and its legend; a schedule file opened from
// the File menu; and the bottom strip in two lines at 1280x720, without overlap at any zoom.
Item {
    id: top

    width: 1280
    height: 720

    Session { id: theSession }
    // The same run-until on a run of its own: what the control must have done.
    Session { id: reference }

    LessonPlayer {
        id: thePlayer
        session: theSession
    }

    LabPage {
        id: page
        anchors.fill: parent
        session: theSession
        player: thePlayer
    }

    Component {
        id: mainWindow
        Main { session: windowSession }
    }
    Session { id: windowSession }

    TestCase {
        name: "Explore"
        when: windowShown

        function child(name, under) {
            const root = under === undefined ? page : under
            tryVerify(() => findChild(root, name) !== null, 2000, "no item named " + name)
            return findChild(root, name)
        }
        function type(text) {
            for (const ch of text)
                keyClick(ch)
        }
        // Puts `text` in the run-until field as a person types it.
        function typeUntil(text) {
            const field = child("untilField")
            mouseClick(field.contentItem)
            field.contentItem.clear()
            type(text)
        }
        function pickThread(name) {
            const picker = child("untilThread")
            const index = picker.find(name)
            verify(index >= 0, name + " is not offered")
            picker.currentIndex = index
            picker.activated(index)
        }

        function init() {
            failOnWarning(/.*/)
            thePlayer.close()
            top.Window.window.requestActivate()
            tryVerify(() => top.Window.window.active)
            Theme.zoom = 1
            theSession.scenario = "vma-lock-seq-recheck"
            theSession.variant = "v7"
            theSession.variant = "final"
            theSession.reset()
            theSession.clearError()
            theSession.randomOrder = false
            reference.scenario = "vma-lock-seq-recheck"
            reference.variant = "v7"
            reference.variant = "final"
            reference.reset()
            page.forceActiveFocus()
            wait(0)
        }

        function test_runUntilAPointWithEnterAndBackUndoesItStepByStep() {
            pickThread("R1")
            typeUntil("start_read.increment")
            keyClick(Qt.Key_Return)
            compare(reference.runUntil("R1", "start_read.increment"), "")
            verify(reference.step > 1)
            compare(theSession.schedule, reference.schedule)
            verify(!child("scheduleError").visible)
            const note = child("untilNote")
            verify(note.visible)
            verify(note.text.indexOf(reference.step + " steps") >= 0, note.text)

            // Its steps are ordinary steps: Back takes one of them back.
            mouseClick(child("backButton"))
            compare(theSession.step, reference.step - 1)

            // Escape leaves the field, and the digits step lanes again.
            mouseClick(child("untilField").contentItem)
            keyClick(Qt.Key_Escape)
            verify(!child("untilField").contentItem.activeFocus)
            keyClick(Qt.Key_2)
            compare(theSession.step, reference.step)
        }

        function test_runUntilAStateOrAConditionFromTheGoButton() {
            pickThread("W")
            const field = child("untilField")
            tryVerify(() => field.model.indexOf("start_write") >= 0, 2000, "W's points are offered")
            verify(field.model.indexOf("sleeping") >= 0, field.model)
            typeUntil("modify")
            mouseClick(child("untilButton"))
            compare(reference.runUntil("W", "modify"), "")
            compare(theSession.schedule, reference.schedule)

            pickThread("R1")
            tryVerify(() => field.model.indexOf("start_write") < 0, 2000, "a reader's list has no writer points")
            compare(field.editText, "modify", "the typed text stays when the thread changes")
            // R1 finds the vma write-locked and falls back to mmap_lock, which W holds.
            typeUntil("blocked")
            keyClick(Qt.Key_Enter)
            compare(reference.runUntil("R1", "blocked"), "")
            compare(theSession.schedule, reference.schedule)
            compare(child("laneState_0").text, "blocked")
        }

        function test_runUntilErrorsShowInPlaceAndChangeNothing() {
            pickThread("R1")
            typeUntil("start_read.incremnt")
            keyClick(Qt.Key_Return)
            const error = child("scheduleError")
            verify(error.visible)
            verify(error.text.indexOf("unknown point 'start_read.incremnt'") >= 0, error.text)
            verify(error.text.indexOf("start_read.increment") >= 0, "the thread's points are listed: " + error.text)
            compare(theSession.step, 0)
            type("x")
            verify(!error.visible, "typing clears the old problem")

            typeUntil("vma.vm_refcnt == 9")
            keyClick(Qt.Key_Return)
            verify(error.visible)
            verify(/after \d+ steps/.test(error.text), error.text)
            compare(theSession.step, 0)
            verify(child("forwardButton").enabled, "Forward shows how far it got")
        }

        // Inside a lesson's script, a run-until is a step by hand: it leaves the script, whose
        // banner leads back; the lesson's run comes back with it.
        function test_runUntilInALessonLeavesItsScript() {
            thePlayer.open(0)
            thePlayer.restart()
            wait(0)  // the control takes the lesson's run in, as before a person's first key
            verify(!thePlayer.exploring)
            const lessonRun = theSession.schedule
            pickThread("R1")
            typeUntil("start_read.increment")
            keyClick(Qt.Key_Return)
            verify(thePlayer.exploring, "the script was left")
            verify(theSession.schedule !== lessonRun, theSession.error)
            thePlayer.resume()
            compare(theSession.schedule, lessonRun)
            thePlayer.close()
        }

        // Completion: typing the start of a point offers the rest, and Enter takes it.
        function test_runUntilCompletesAPoint() {
            pickThread("R1")
            typeUntil("start_read.inc")
            compare(child("untilField").editText, "start_read.increment")
            keyClick(Qt.Key_Return)
            compare(reference.runUntil("R1", "start_read.increment"), "")
            compare(theSession.schedule, reference.schedule)
        }

        function test_dragOverTheTimelineScrubsThroughTheRun() {
            compare(theSession.replaySchedule("R1*4 W*12"), "")
            const scrubber = child("timelineScrubber")
            waitForRendering(page)
            const y = scrubber.height / 2
            const column = k => Theme.timelineStep * (k + 0.5)  // column k holds step k + 1
            theSession.speed = 1
            theSession.playing = true
            verify(theSession.playing)
            mousePress(scrubber, column(11), y)
            tryCompare(theSession, "step", 12)
            verify(!theSession.playing, "scrubbing pauses auto-play")
            const seen = []
            for (let k = 10; k >= 2; --k) {
                mouseMove(scrubber, column(k), y, -1, Qt.LeftButton)
                tryCompare(theSession, "step", k + 1)
                seen.push(theSession.step)
            }
            mouseMove(scrubber, -Theme.timelineStep, y, -1, Qt.LeftButton)
            tryCompare(theSession, "step", 0)
            mouseMove(scrubber, column(14), y, -1, Qt.LeftButton)
            tryCompare(theSession, "step", 15)
            mouseRelease(scrubber, column(14), y)
            compare(seen, [11, 10, 9, 8, 7, 6, 5, 4, 3])
            compare(theSession.timelineLength, 16, "scrubbing keeps the steps ahead")

            // A click jumps.
            mouseClick(scrubber, column(5), y)
            tryCompare(theSession, "step", 6)
        }

        function test_theLegendSaysWhatTheMarksMean() {
            const timeline = child("timeline")
            const legend = child("timelineLegend")
            const button = child("legendButton")
            if (legend.visible)
                mouseClick(button)
            verify(!legend.visible)
            theSession.variant = "no-recheck"
            compare(theSession.replaySchedule("R1*4 W*17 R1*5"), "")  // a violation, wakeups
            theSession.goTo(20)  // and steps ahead
            const closed = timeline.implicitHeight
            mouseClick(button)
            verify(legend.visible)
            verify(timeline.implicitHeight >= closed + legend.implicitHeight - 1, "the timeline makes room for it")
            let words = ""
            for (let i = 0; i < legend.children.length; ++i)
                words += legend.children[i].text + " | "
            for (const meaning of ["a step of", "current step", "ahead", "woke", "violation"])
                verify(words.indexOf(meaning) >= 0, meaning + " is explained: " + words)
            waitForRendering(page)
            const legendBox = legend.mapToItem(timeline, 0, 0, legend.width, legend.height)
            verify(legendBox.y + legendBox.height <= timeline.height + 1, "the legend is inside the timeline")
            if (testFiles.pictureDir() !== "")
                grabImage(page).save(testFiles.pictureDir() + "/explore-legend.png")
            mouseClick(button)
            verify(!legend.visible)
        }

    }

    // The whole window, after the page's tests: its menus, and the strip at real sizes.
    TestCase {
        name: "ExploreWindow"
        when: windowShown

        function init() {
            failOnWarning(/.*/)
            Theme.zoom = 1
        }

        function openWindow(width, height) {
            const win = createTemporaryObject(mainWindow, top)
            verify(win !== null)
            win.width = width
            win.height = height
            win.requestActivate()
            tryVerify(() => win.active, 2000, "the window gets the keyboard")
            windowSession.scenario = "vma-drain"
            windowSession.reset()
            return win
        }
        function item(win, menuTitle, text) {
            for (let m = 0; m < win.menuBar.count; ++m) {
                const menu = win.menuBar.menuAt(m)
                if (menu.title.replace("&", "") !== menuTitle)
                    continue
                for (let i = 0; i < menu.count; ++i)
                    if (menu.itemAt(i).text && menu.itemAt(i).text.startsWith(text))
                        return menu.itemAt(i)
            }
            fail("no item " + menuTitle + " > " + text)
        }

        function test_fileMenuOpensAScheduleFile() {
            const win = openWindow(1280, 720)
            verify(testFiles.write("v1.schedule", "# saved by Export\nscenario vma-lock-seq-recheck\nvariant no-recheck\nschedule R1*4 W*17 R1*5\n"))
            const dialog = findChild(win, "scheduleFileDialog")
            verify(dialog !== null)
            dialog.selectedFile = "file://" + testFiles.path("v1.schedule")
            item(win, "File", "Open schedule file").triggered()
            tryVerify(() => dialog.visible)
            dialog.accept()
            tryCompare(windowSession, "variant", "no-recheck")
            compare(windowSession.schedule, "R1*4 W*17 R1*5")
            compare(windowSession.verdictInvariant, "V1")

            // A broken file: its line and column, under the schedule; the run stays.
            verify(testFiles.write("bad.schedule", "scenario vma-drain\nschedule R1 X9\n"))
            windowSession.openScheduleFile(testFiles.path("bad.schedule"))
            const error = findChild(win.contentItem, "scheduleError")
            tryVerify(() => error.visible)
            verify(error.text.indexOf("bad.schedule:2:13: unknown thread 'X9'") >= 0, error.text)
            compare(windowSession.variant, "no-recheck")
        }

        // Items of the bottom strip side by side must not overlap or leave the window, and the
        // thread's name shows whole at every zoom.
        function checkStrip(win, label) {
            const picker = findChild(win.contentItem, "untilThread")
            verify(picker.contentItem.contentWidth <= picker.contentItem.width + 0.5,
                   label + ": the thread's name is cut (" + picker.contentItem.contentWidth + " > " + picker.contentItem.width + ")")
            const strip = [findChild(win.contentItem, "transportFlow"), findChild(win.contentItem, "scheduleControls")]
            for (const container of strip) {
                const boxes = []
                for (let i = 0; i < container.children.length; ++i) {
                    const c = container.children[i]
                    if (!c.visible || c.width <= 0)
                        continue
                    const r = c.mapToItem(win.contentItem, 0, 0, c.width, c.height)
                    verify(r.x >= -0.5 && r.x + r.width <= win.contentItem.width + 0.5,
                           label + ": " + (c.objectName || c.text || c) + " leaves the window (" + r.x + "+" + r.width + ")")
                    for (const b of boxes)
                        verify(r.x >= b.x + b.width - 0.5 || b.x >= r.x + r.width - 0.5
                               || r.y >= b.y + b.height - 0.5 || b.y >= r.y + r.height - 0.5,
                               label + ": " + (c.objectName || c.text || c) + " overlaps " + b.name)
                    boxes.push({x: r.x, y: r.y, width: r.width, height: r.height, name: c.objectName || c.text || String(c)})
                }
            }
        }
        // For a person to look at, when LOCKSTEP_TEST_PICTURES names a folder.
        function picture(win, name) {
            if (testFiles.pictureDir() === "")
                return
            grabImage(win.contentItem).save(testFiles.pictureDir() + "/explore-" + name + ".png")
        }
        function lines(flow) {
            const tops = new Set()
            for (let i = 0; i < flow.children.length; ++i)
                if (flow.children[i].visible && flow.children[i].width > 0)
                    tops.add(Math.round(flow.children[i].y))
            return tops.size
        }

        function test_theBottomStripFitsTwoLinesAt1280_data() {
            return [
                { tag: "1280x720", width: 1280, height: 720 },
                { tag: "1920x1080", width: 1920, height: 1080 }
            ]
        }
        function test_theBottomStripFitsTwoLinesAt1280(data) {
            const win = openWindow(data.width, data.height)
            const transport = findChild(win.contentItem, "transportFlow")
            const controls = findChild(win.contentItem, "scheduleControls")
            for (const random of [false, true]) {
                windowSession.randomOrder = random
                waitForRendering(win.contentItem)
                picture(win, data.tag + (random ? "-random" : ""))
                compare(lines(transport), 1, "the transport bar is one line (random order " + random + ")")
                compare(controls.columns, 3, "schedule, run until and search share one line")
                checkStrip(win, data.tag)
            }
            windowSession.randomOrder = false

            // Zoom 2 may wrap, but nothing overlaps and nothing leaves the window.
            Theme.zoom = 2
            waitForRendering(win.contentItem)
            verify(controls.columns < 3 || data.width > 1280)
            checkStrip(win, data.tag + " zoom 2")
            const pane = controls.parent.parent.parent  // the layout, the pane's content item, the pane
            verify(pane.implicitHeight >= controls.implicitHeight, "the panel's height follows its lines")
            picture(win, data.tag + "-zoom2")
            Theme.zoom = 1
        }
    }
}
