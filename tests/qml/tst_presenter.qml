import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// Presenter mode on a 1280x720 projector, as a class sees it: what a step highlights is on
// screen with the name of the object it belongs to, the lane a step names is whole, words
// longer than the captions are paged with the clicker, and no tooltip covers the lanes. And
// a window too narrow for the panes side by side (zoom 2.5) stacks them.
Item {
    id: top

    width: 100
    height: 100

    Session { id: windowSession }
    // The window as a --screenshot makes it: motion off from the first step, nothing saved.
    Component {
        id: mainWindow
        Main {
            session: windowSession
            stillPicture: true
            startWith: "lesson"
            startLessonSteps: 0
        }
    }

    TestCase {
        name: "Presenter"
        when: windowShown

        property var win: null

        function init() {
            failOnWarning(/.*/)
        }
        function cleanup() {
            if (win !== null) {
                top.Window.window.requestActivate()
                tryVerify(() => top.Window.window.active)
                win.destroy()
                win = null
                wait(0)
            }
        }
        // Presenter mode as F5 sets it, in a 1280x720 window rather than full screen.
        function present(lesson, width, height, zoom) {
            win = createTemporaryObject(mainWindow, top, { startLesson: lesson })
            verify(win !== null)
            compare(win.startProblem, "")
            win.zoom = zoom === undefined ? 1 : zoom
            win.width = width === undefined ? 1280 : width
            win.height = height === undefined ? 720 : height
            win.presenting = true
            win.requestActivate()
            tryVerify(() => win.active, 2000, "the window gets the keyboard")
            tryVerify(() => findChild(win.contentItem, "presenterCaptions").visible)
            return win
        }
        function child(name) {
            const found = findChild(win.contentItem, name)
            verify(found !== null, "no item named " + name)
            return found
        }
        function rect(item) {
            return item.mapToItem(win.contentItem, 0, 0, item.width, item.height)
        }
        function inside(inner, outer) {
            return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5
                && inner.x + inner.width <= outer.x + outer.width + 0.5
                && inner.y + inner.height <= outer.y + outer.height + 0.5
        }
        // Plays the lesson's next step, answering a question rightly first.
        function nextStep() {
            const player = win.player
            if (!player.next()) {
                verify(player.predictQuestion !== "", "the step cannot play: " + player.failure)
                for (let c = 0; c < player.predictChoices.length && !player.answer(c); ++c) {
                }
                verify(player.next(), "the step after the question cannot play: " + player.failure)
            }
        }
        // Every framed field in the shared state's view, and whether each one's card is named
        // there: by its own header in view, or by the pinned name above the field.
        function framedInView() {
            const shared = child("sharedState")
            const flick = child("stateScroll").contentItem
            const view = rect(flick)
            const sticky = child("stickyCardHeader")
            const found = []
            const walk = (item, card) => {
                for (let i = 0; i < item.children.length; ++i) {
                    const c = item.children[i]
                    if (!c.visible)
                        continue
                    if (c.emphasized === true) {
                        const r = rect(c)
                        if (!inside(r, view))
                            continue
                        const header = rect(card)
                        const ownName = header.y >= view.y - 0.5
                        const pinned = sticky.visible && sticky.card === card && r.y >= rect(sticky).y + sticky.height - 0.5
                        found.push({ card: card.cardTitle, named: ownName || pinned })
                    } else {
                        walk(c, c.isCard === true ? c : card)
                    }
                }
            }
            walk(child("stateCards"), null)
            return found
        }

        // Lesson 4's sleeping writer: the highlight names mm.vma_writer_wait, at the foot of the
        // mm card, under the vma card: it is scrolled into view.
        function test_aLowerFieldAStepHighlightsIsScrolledIntoView() {
            present("detach-lost-wakeup")
            while (win.player.highlight.indexOf("mm.vma_writer_wait.task") < 0)
                nextStep()
            tryVerify(() => framedInView().some(f => f.card === "mm"), 2000, "mm's vma_writer_wait is in view")
            verify(framedInView().every(f => f.named), "each field in view has its card's name")
        }

        // Every step of lessons 0 to 7: what the step frames is on screen (as much of it as fits),
        // each field with its card's name, however the cards are scrolled (lesson 7's highlights
        // run across three cards).
        function test_everyHighlightIsShownWithItsCardsName_data() {
            const rows = []
            for (let lesson = 0; lesson < 8; ++lesson)
                rows.push({ tag: "lesson " + lesson, lesson: String(lesson) })
            return rows
        }
        function test_everyHighlightIsShownWithItsCardsName(data) {
            present(data.lesson)
            const player = win.player
            while (!player.atEnd) {
                nextStep()
                const fields = player.highlight.filter(h => !h.startsWith("lane:"))
                if (fields.length === 0)
                    continue
                tryVerify(() => framedInView().length > 0, 2000,
                          "step " + player.stepIndex + " shows none of " + fields.join(", "))
                wait(100)  // settled: the reveal runs once the cards have their sizes
                const shown = framedInView()
                verify(shown.length > 0, "step " + player.stepIndex + " shows none of " + fields.join(", "))
                for (const f of shown)
                    verify(f.named, "step " + player.stepIndex + ": a field of " + f.card + " in view without the card's name")
            }
        }

        // Lesson 7 on a 1080p projector: V's vm_lock_seq and mm A's mm_lock_seq, two cards apart,
        // fit the view together; both are shown, V's name pinned above its field.
        function test_aHighlightAcrossCardsShowsEveryFieldThatFits() {
            present("slab-reuse", 1920, 1080)
            while (win.player.highlight.indexOf("mm A.mm_lock_seq") < 0)
                nextStep()
            tryVerify(() => framedInView().length === 2, 2000, "both fields are in view")
            verify(framedInView().every(f => f.named), "each with its card's name")
        }

        // Lesson 5's question at step 11 grows the captions and shrinks the lanes: W's lane, the
        // one the step names, stays whole.
        function test_theLaneAStepNamesStaysWholeWhenCaptionsGrow() {
            present("overflow")
            while (win.player.predictQuestion === "" || win.player.highlight.indexOf("lane:W") < 0)
                nextStep()
            const lanes = child("lanes")
            // W is the eighth thread; its lane is its Step button's header line's column's parent
            // (made only once it scrolls into the lanes' view).
            tryVerify(() => {
                const button = findChild(lanes, "stepButton_7")
                return button !== null && inside(rect(button.parent.parent.parent), rect(lanes))
            }, 2000, "W's lane is whole in the lanes' view")
            wait(300)
            const lane = findChild(lanes, "stepButton_7").parent.parent.parent
            verify(inside(rect(lane), rect(lanes)), "and stays so once the captions have grown")
        }

        // A clicker cannot scroll: a narration longer than the captions is paged with PageDown
        // before the next step plays, and PageUp pages back before the step goes back.
        function test_longCaptionsArePagedWithTheClicker() {
            present("how-to-use-lockstep")
            const flick = child("presenterCaptionFlick")
            // The first step with more words than the captions show.
            do {
                nextStep()
                wait(50)
            } while (flick.contentHeight <= flick.height + 1 && !win.player.atEnd)
            verify(flick.contentHeight > flick.height + 1, "no narration is longer than its captions")
            const step = win.player.stepIndex
            compare(flick.contentY, 0)
            keyClick(Qt.Key_PageDown)
            compare(win.player.stepIndex, step, "the first PageDown shows more words, not the next step")
            verify(flick.contentY > 0)
            let pages = 1
            while (flick.contentY + flick.height < flick.contentHeight - 1 && pages < 20) {
                keyClick(Qt.Key_PageDown)
                ++pages
            }
            compare(win.player.stepIndex, step)
            keyClick(Qt.Key_PageUp)
            compare(win.player.stepIndex, step, "PageUp pages back first")
            verify(flick.contentY + flick.height < flick.contentHeight - 1)
            while (flick.contentY + flick.height < flick.contentHeight - 1)
                keyClick(Qt.Key_PageDown)
            keyClick(Qt.Key_PageDown)
            tryCompare(win.player, "stepIndex", step + 1)
            compare(flick.contentY, 0, "the next step's words start at their top")
        }

        // The pointer resting on a lane shows no tooltip over it while presenting; in the lab
        // it does.
        function test_noHoverTooltipCoversTheLanesWhilePresenting() {
            present("drain")
            const badge = child("laneState_0")
            waitForRendering(win.contentItem)
            mouseMove(win.contentItem, 1, 1)
            const at = badge.mapToItem(win.contentItem, badge.width / 2, badge.height / 2)
            mouseMove(win.contentItem, at.x, at.y)
            wait(Theme.toolTipDelay + 300)
            verify(!badge.ToolTip.visible, "no tooltip while presenting")
            win.presenting = false
            tryVerify(() => !child("presenterCaptions").visible)
            waitForRendering(win.contentItem)
            mouseMove(win.contentItem, 1, 1)
            const lab = badge.mapToItem(win.contentItem, badge.width / 2, badge.height / 2)
            mouseMove(win.contentItem, lab.x, lab.y)
            tryVerify(() => badge.ToolTip.visible, Theme.toolTipDelay + 2000, "the lab keeps its tooltips")
            mouseMove(win.contentItem, 1, 1)
        }

        // The way out of presenter mode stays on its strip when the strip is narrow (a large
        // zoom): as ✕, beside Previous, the step and Next.
        function test_aNarrowStripKeepsTheWayOut() {
            present("drain", 1280, 720, 2)
            const exit = child("presenterExit")
            tryVerify(() => exit.visible && inside(rect(exit), rect(win.contentItem)))
            verify(child("presenterMore").visible, "the timeline and the library are in a menu")
            verify(inside(rect(child("presenterStep")), rect(win.contentItem)))
            mouseClick(exit)
            verify(!win.presenting)
        }
    }

    // A window too narrow for the panes side by side stacks them, each the window's width.
    TestCase {
        name: "StackedPanes"
        when: windowShown

        Component {
            id: labWindow
            Main {
                session: windowSession
                stillPicture: true
                startWith: "lesson"
                startLesson: "drain"
            }
        }

        function test_aNarrowWindowStacksThePanes_data() {
            return [{ tag: "1280x720 zoom 2.5", zoom: 2.5, stacked: true },
                    { tag: "1280x720 zoom 2", zoom: 2, stacked: false }]
        }
        function test_aNarrowWindowStacksThePanes(data) {
            failOnWarning(/.*/)
            const win = createTemporaryObject(labWindow, top)
            win.zoom = data.zoom
            win.width = 1280
            win.height = 720
            const split = findChild(win.contentItem, "mainSplit")
            const page = findChild(win.contentItem, "pageScroll")
            tryCompare(split, "orientation", data.stacked ? Qt.Vertical : Qt.Horizontal)
            const lesson = findChild(win.contentItem, "lessonPane")
            const center = findChild(win.contentItem, "centerSplit")
            const shared = findChild(win.contentItem, "sharedState")
            waitForRendering(win.contentItem)
            if (data.stacked) {
                for (const pane of [lesson, center, shared])
                    verify(Math.abs(pane.width - split.width) < 1, pane.objectName + " is as wide as the window")
                verify(lesson.y + lesson.height <= center.y + 0.5 && center.y + center.height <= shared.y + 0.5,
                       "the lesson, then the lanes, then the shared state")
                verify(page.contentHeight > 2 * page.height, "the page scrolls through them")
            } else {
                verify(lesson.x + lesson.width <= center.x + 0.5 && center.x + center.width <= shared.x + 0.5,
                       "side by side")
            }
        }
    }
}
