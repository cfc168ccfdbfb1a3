import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// The lab's panes at a classroom projector's size (1280x720): they hide and come back, eight
// lanes stay readable (compact, or one line each), and what a step or a lesson names is
// scrolled into view. Geometry is checked, not only properties.
Item {
    id: top

    width: 1280
    height: 690

    Session { id: theSession }

    LabPage {
        id: page
        anchors.fill: parent
        session: theSession
    }

    TestCase {
        name: "Panes"
        when: windowShown

        function child(name) {
            tryVerify(() => findChild(page, name) !== null, 2000, "no item named " + name)
            return findChild(page, name)
        }
        // The item's rectangle in the page's coordinates.
        function rect(item) {
            return item.mapToItem(page, 0, 0, item.width, item.height)
        }
        function inside(inner, outer) {
            return inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5
                && inner.x + inner.width <= outer.x + outer.width + 0.5
                && inner.y + inner.height <= outer.y + outer.height + 0.5
        }
        function lane(i) {
            return child("stepButton_" + i).parent.parent.parent  // button > header line > info > lane
        }

        function init() {
            failOnWarning(/.*/)
            top.Window.window.requestActivate()
            tryVerify(() => top.Window.window.active)
            Theme.zoom = 1
            page.showShared = true
            page.showLesson = true
            page.laneDensity = "auto"
            if (!page.showTimeline)
                page.toggleTimeline()
            theSession.scenario = "vma-overflow"
            theSession.variant = "final"
            theSession.reset()
        }

        function test_panesHideAndComeBack() {
            const shared = child("sharedState")
            const lanes = child("lanes")
            verify(shared.visible)
            const wide = lanes.width
            mouseClick(child("toggleShared"))
            verify(!shared.visible)
            tryVerify(() => lanes.width > wide + 100, 2000, "the lanes take the room")
            mouseClick(child("toggleShared"))
            verify(shared.visible)
            tryVerify(() => Math.abs(lanes.width - wide) < 2)

            const timeline = child("timelinePane")
            verify(timeline.visible)
            keyClick(Qt.Key_T)
            verify(!timeline.visible)
            keyClick(Qt.Key_T)
            verify(timeline.visible)
        }

        // Seven readers and W: "auto" goes compact when full lanes would not fit, and "one line
        // each" puts every thread on screen at once.
        function test_eightLanesStayReadable() {
            const lanes = child("lanes")
            compare(lanes.count, 8)
            compare(lanes.density, "compact")
            page.laneDensity = "line"
            waitForRendering(page)
            lanes.positionViewAtBeginning()
            const view = rect(lanes)
            for (let i = 0; i < 8; ++i) {
                const r = rect(lane(i))
                verify(inside(r, view), "lane " + i + " is on screen: " + JSON.stringify(r))
                verify(!findChild(lane(i), "laneSource_" + i).visible, "one-line lanes show no code")
            }
            // L cycles back to auto.
            keyClick(Qt.Key_L)
            compare(page.laneDensity, "auto")
        }

        // W is the eighth lane, below the fold in compact lanes: its step scrolls it into view.
        function test_aStepScrollsItsLaneIntoView() {
            page.laneDensity = "full"
            const lanes = child("lanes")
            waitForRendering(page)
            lanes.positionViewAtBeginning()
            theSession.stepThread(7)
            tryVerify(() => {
                const w = findChild(page, "stepButton_7")
                return w !== null && inside(rect(w), rect(lanes))
            }, 3000, "W's lane scrolled into view")
        }

        // A field a lesson frames below the panel's fold is scrolled into view.
        function test_aHighlightedFieldScrollsIntoView() {
            theSession.scenario = "vma-detach-lost-wakeup"
            const shared = child("sharedState")
            const flick = findChild(shared, "stateScroll").contentItem
            flick.contentY = 0
            shared.highlight = ["mm.mm_count"]
            let framed = null
            tryVerify(() => {
                framed = shared.framedFields(child("stateCards"), [])
                return framed.length === 1
            })
            const view = flick.mapToItem(page, 0, 0, flick.width, flick.height)
            tryVerify(() => {
                const f = shared.framedFields(child("stateCards"), [])[0]
                const r = child("stateCards").mapToItem(page, f.x, f.y, f.width, f.height)
                return inside(r, view)
            }, 2000, "mm_count is in view")
            shared.highlight = []
        }

        // The refcount word fits a narrow shared-state pane by keeping only the bits that matter.
        function test_aNarrowPaneCompressesTheRefcountWord() {
            theSession.scenario = "vma-detach-lost-wakeup"  // a 32-bit word
            const shared = child("sharedState")
            const bits = child("refcountBits")
            const wide = shared.width
            shared.SplitView.preferredWidth = 260
            tryVerify(() => shared.width < 300)
            tryVerify(() => findChild(bits, "bitGap") !== null, 2000, "zero runs are folded")
            verify(findChild(bits, "bit_0") !== null)
            verify(inside(rect(bits), rect(shared)), "the word fits its pane")
            shared.SplitView.preferredWidth = wide
        }
    }
}
