import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// View > Compare two variants, driven the way a reviewer drives it: Ctrl+K from the lab on
// lesson 4's lost-wakeup schedule under L1, the keys of the stepper (and a clicker's PageUp and
// PageDown), the variant pickers and the schedule field, checked through what the view shows.
Item {
    id: top

    width: 1400
    height: 900

    Session { id: compareSession }
    Component {
        id: mainWindow
        Main {
            session: compareSession
            startWith: "run"  // the lab's run as the test sets it up, no lesson
        }
    }

    TestCase {
        name: "Compare"
        when: windowShown

        // lockstep-cli check's shortest schedule that loses the wakeup under L1.
        readonly property string lostWakeup: "R1*4 W*17 R1*3 W*7 R1*3"

        function open(width, height) {
            compareSession.scenario = "vma-detach-lost-wakeup"
            compareSession.variant = "L1"
            compare(compareSession.replaySchedule(lostWakeup), "")
            const win = createTemporaryObject(mainWindow, top)
            verify(win !== null)
            win.width = width || 1280
            win.height = height || 720
            win.requestActivate()
            tryVerify(() => win.active, 2000, "the window gets the keyboard")
            return win
        }
        function view(win) { return findChild(win.contentItem, "compareView") }
        function child(win, name) {
            const v = view(win)
            tryVerify(() => findChild(v.contentItem, name) !== null, 2000, "no item named " + name)
            return findChild(v.contentItem, name)
        }
        function openWithKeys(win) {
            keyClick(Qt.Key_K, Qt.ControlModifier)
            tryVerify(() => view(win).opened, 2000, "Ctrl+K opens the comparison")
            return view(win).comparison
        }
        // The row of the step list for a step, once the list has laid it out.
        function row(win, step) {
            const steps = child(win, "compareSteps")
            steps.positionViewAtIndex(step - 1, ListView.Contain)
            tryVerify(() => steps.itemAtIndex(step - 1) !== null)
            return steps.itemAtIndex(step - 1)
        }
        function rectOf(item, into) {
            const p = item.mapToItem(into, 0, 0)
            return { x: p.x, y: p.y, width: item.width, height: item.height }
        }

        function init() {
            failOnWarning(/.*/)  // the view must run without a single QML warning
        }

        function test_ctrlKComparesTheLabsRunAndKeysStepIt() {
            const win = open()
            const c = openWithKeys(win)
            compare(c.leftVariant, "L1")
            compare(c.rightVariant, "final")
            compare(child(win, "compareLeft").currentText, "L1")
            compare(child(win, "compareRight").currentText, "final")
            compare(child(win, "compareSchedule").text, lostWakeup)
            // It opens where the runs first part: W takes its own reference under L1.
            compare(c.current, 12)
            compare(child(win, "compareStep").text, "Step 12 of " + c.count)
            verify(child(win, "compareCurrentKinds").visible)
            compare(child(win, "compareCurrentKinds").text, "\u2260 a different operation")
            verify(row(win, 12).differs)
            verify(row(win, 12).ListView.isCurrentItem)
            verify(!row(win, 14).differs)
            compare(row(win, 14).rightAction, row(win, 14).leftAction)
            verify(child(win, "compareTurningPoint0").text.indexOf("refcount_inc_not_zero") >= 0)
            verify(child(win, "compareTurningPoint1").text.indexOf("wakes W") >= 0)

            keyClick(Qt.Key_Home)
            compare(c.current, 0)
            compare(child(win, "compareStep").text, "Before step 1 of " + c.count)
            for (let i = 0; i < 11; ++i)
                keyClick(Qt.Key_Right)
            compare(c.current, 11)
            verify(!child(win, "compareCurrentKinds").visible)
            keyClick(Qt.Key_PageDown)  // a clicker's next
            compare(c.current, 12)
            verify(child(win, "compareCurrentKinds").visible)
            keyClick(Qt.Key_N)  // the next difference: v7's refcount_add, which final has not
            compare(c.current, 13)
            compare(row(win, 13).rightKind, "absent")
            keyClick(Qt.Key_PageDown)
            compare(c.current, 14)
            verify(!child(win, "compareCurrentKinds").visible)
            keyClick(Qt.Key_PageUp)
            keyClick(Qt.Key_Left)
            compare(c.current, 12)
            keyClick(Qt.Key_P)
            compare(c.current, 12, "no difference before the first")
            keyClick(Qt.Key_End)
            compare(c.current, c.count)

            // The lost wakeup: a turning point's button goes there, and the state beside the
            // list marks W's state and the word that differ.
            const go = child(win, "compareGo1")
            waitForRendering(go)
            mouseClick(go)
            compare(c.current, c.turningPoints[1].step, "the button went to the step")
            verify(row(win, c.current).rightMoves.length === 1)
            const w = child(win, "compareThread_W")
            verify(w.modelData.differs)
            compare(w.modelData.left, "sleeping")
            compare(w.modelData.right, "runnable")
            const refcnt = child(win, "compareValue_vma.vm_refcnt")
            verify(refcnt.modelData.differs)
            compare(refcnt.modelData.left, "OFFSET+1")
            compare(refcnt.modelData.right, "OFFSET")
            verify(!child(win, "compareValue_mm.mm_lock_seq").modelData.differs)

            keyClick(Qt.Key_Escape)
            tryVerify(() => !view(win).opened, 2000, "Escape closes it")
        }

        // The lab has a button of its own for it, beside the pane toggles.
        function test_theLabsButtonOpensIt() {
            const win = open()
            tryVerify(() => findChild(win.contentItem, "compareButton") !== null)
            const button = findChild(win.contentItem, "compareButton")
            verify(button.visible)
            mouseClick(button)
            tryVerify(() => view(win).opened)
            compare(view(win).comparison.scenario, win.session.scenario)
            compare(view(win).comparison.schedule, win.session.schedule)
            view(win).close()
            tryVerify(() => !view(win).opened)
        }

        function test_theViewMenuOpensItAndThePickersCompareAgain() {
            const win = open()
            let item = null
            for (let m = 0; m < win.menuBar.count; ++m) {
                const menu = win.menuBar.menuAt(m)
                for (let i = 0; i < menu.count; ++i)
                    if (menu.itemAt(i).text && menu.itemAt(i).text.startsWith("Compare two variants"))
                        item = menu.itemAt(i)
            }
            verify(item !== null, "View > Compare two variants…")
            item.triggered()
            tryVerify(() => view(win).opened)
            const c = view(win).comparison

            // The same variant on both sides: nothing differs, nothing is marked.
            const right = child(win, "compareRight")
            right.currentIndex = right.find("L1")
            right.activated(right.currentIndex)
            compare(c.rightVariant, "L1")
            compare(c.differenceCount, 0)
            verify(child(win, "compareSummary").text.startsWith("No difference"))
            compare(c.current, 0)
            for (let step = 1; step <= c.count; step += 9)
                verify(!row(win, step).differs)

            // A schedule typed in the field, with a thread the scenario has not.
            const field = child(win, "compareSchedule")
            field.forceActiveFocus()
            field.selectAll()
            for (const ch of "R1 X9")
                keyClick(ch)
            keyClick(Qt.Key_Return)
            verify(child(win, "compareError").visible)
            verify(child(win, "compareError").text.indexOf("unknown thread 'X9'") >= 0, child(win, "compareError").text)
            compare(c.count, 0)
            // The lab's run again: its schedule and its variant against the default.
            c.loadFromSession()
            verify(!child(win, "compareError").visible)
            compare(c.rightVariant, "final")
            compare(field.text, lostWakeup)
        }

        // Nothing overlaps at the classroom's sizes and zooms: the settings and callout, the
        // stepper and the two panes stack inside the view.
        function test_nothingOverlaps_data() {
            return [
                { tag: "1280x720", w: 1280, h: 720, zoom: 1 },
                { tag: "1920x1080", w: 1920, h: 1080, zoom: 1 },
                { tag: "1280x720 zoom 2", w: 1280, h: 720, zoom: 2 },
                { tag: "1280x720 zoom 2.5", w: 1280, h: 720, zoom: 2.5 },
                { tag: "1920x1080 zoom 2.5", w: 1920, h: 1080, zoom: 2.5 }
            ]
        }
        function test_nothingOverlaps(data) {
            const win = open(data.w, data.h)
            win.zoom = data.zoom
            const c = openWithKeys(win)
            const v = view(win)
            wait(50)  // one layout pass at the new zoom
            const parts = ["compareTop", "compareStepper", "compareSplit"].map(n => rectOf(child(win, n), v.contentItem))
            for (let i = 0; i < parts.length; ++i) {
                verify(parts[i].height > 0, "part " + i + " has room")
                verify(parts[i].y >= 0 && parts[i].y + parts[i].height <= v.contentItem.height + 1,
                       "part " + i + " lies inside the view")
                verify(parts[i].x >= 0 && parts[i].x + parts[i].width <= v.contentItem.width + 1)
                if (i > 0)
                    verify(parts[i - 1].y + parts[i - 1].height <= parts[i].y, "part " + (i - 1) + " ends before " + i)
            }
            // The two panes share the split and stay inside it.
            const split = child(win, "compareSplit")
            for (const name of ["compareStepsPane", "compareState"]) {
                const pane = rectOf(child(win, name), split)
                verify(pane.width > 0 && pane.height > 0, name + " is shown")
                verify(pane.x >= -1 && pane.y >= -1 && pane.x + pane.width <= split.width + 1
                       && pane.y + pane.height <= split.height + 1, name + " lies inside the split")
            }
            // The steps keep a real share of the height, and the current row is in view.
            verify(parts[2].height >= v.contentItem.height * 0.3, "the panes keep their room")
            const steps = child(win, "compareSteps")
            const current = row(win, c.current)
            const r = rectOf(current, steps)
            verify(r.y >= -1 && r.y < steps.height, "the current step is in view")
            win.zoom = 1
        }
    }
}
