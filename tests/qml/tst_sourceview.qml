import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// The source in a lane reads as the variant's kernel code: a folded branch is one muted row,
// a taken branch has a bar on each line and its switch named once where it hides no code, in
// every theme. Fed rows shaped as SourceCache::around() makes them.
Item {
    id: top

    width: 900
    height: 400

    SourceView {
        id: view
        width: top.width
        height: top.height
        lines: [
            {number: 40, text: "    /* Use a copy of vm_mm */", current: false, opStart: -1, opLength: 0, folded: false,
             foldCount: 0, tag: "", tagOn: false, tagTip: "", branch: 0},
            {number: 41, text: "\u22EF 1 line for put_reads_mm_first on", current: false, opStart: -1, opLength: 0,
             folded: true, foldCount: 1, foldCode: "mm = plain_read(vma->vm_mm);", tag: "", tagOn: false, tagTip: "", branch: 0},
            {number: 44, text: "    const bool zero = __refcount_dec_and_test(vma->vm_refcnt, &oldcnt);", current: true,
             opStart: 22, opLength: 22, folded: false, foldCount: 0, tag: "", tagOn: false, tagTip: "", branch: 0},
            {number: 51, text: "        mm = plain_read(vma->vm_mm);", current: false, opStart: -1, opLength: 0, folded: false,
             foldCount: 0, tag: "put_reads_mm_first", tagOn: false, tagTip: "This run has put_reads_mm_first off.", branch: 50},
            {number: 52, text: "        rcuwait_wake_up(mm->vma_writer_wait);", current: false, opStart: -1, opLength: 0,
             folded: false, foldCount: 0, tag: "put_reads_mm_first", tagOn: false, tagTip: "", branch: 50}
        ]
    }

    TestCase {
        name: "SourceView"
        when: windowShown

        function row(number) {
            tryVerify(() => findChild(view, "sourceRow_" + number) !== null, 2000, "no row " + number)
            return findChild(view, "sourceRow_" + number)
        }

        // The line number and switch bar of a row, which stay put beside the scrolling code.
        function numbers(number) {
            tryVerify(() => findChild(view, "numberRow_" + number) !== null, 2000, "no line number " + number)
            return findChild(view, "numberRow_" + number)
        }

        function init() {
            failOnWarning(/.*/)
            Theme.zoom = 1
            Theme.themeName = "light"
        }
        function cleanup() {
            Theme.themeName = "light"
            view.width = Qt.binding(() => top.width)
        }

        // A narrow lane scrolls its code sideways rather than cutting it: the current operation
        // is brought into view right of the line numbers, which stay where they are.
        function test_aNarrowLaneScrollsToTheOperationAndKeepsTheLineNumbers() {
            const scroll = findChild(view, "sourceScroll")
            compare(scroll.contentX, 0)
            verify(!findChild(view, "sourceScrollBar").visible || scroll.contentWidth <= scroll.width + 1)
            view.width = 320
            tryVerify(() => scroll.contentWidth > scroll.width)
            tryVerify(() => scroll.contentX > 0, 2000, "scrolled to the operation")
            const line = row(44)
            const text = findChild(line, "sourceText")
            // The operation's characters, in the view's coordinates.
            const start = view.mapFromItem(text, view.charWidth * 22, 0).x
            const end = view.mapFromItem(text, view.charWidth * 44, 0).x
            verify(start >= view.gutterWidth, "the operation starts right of the line numbers: " + start)
            verify(end <= view.width, "and ends inside the lane: " + end)
            // The current line's number is still where it always is.
            const gutterX = view.mapFromItem(findChild(numbers(44), "lineNumber"), 0, 0).x
            verify(Math.abs(gutterX - Theme.spacing) < 1, "line numbers stay put: " + gutterX)
            view.width = top.width
            tryCompare(scroll, "contentX", 0)
        }

        function test_aFoldedBranchIsOneMutedRow() {
            const fold = row(41)
            verify(findChild(fold, "foldBand").visible)
            const text = findChild(fold, "sourceText")
            compare(text.text, "\u22EF 1 line for put_reads_mm_first on")
            compare(text.color, Theme.foldText)
            verify(text.font.italic)
            verify(!findChild(row(44), "foldBand").visible)
            compare(findChild(row(44), "sourceText").color, Theme.codeText)
        }

        function test_aTakenBranchHasABarOnEachLineAndItsSwitchNamedOnce() {
            verify(findChild(numbers(51), "switchBar").visible)
            verify(findChild(numbers(52), "switchBar").visible)
            verify(!findChild(numbers(44), "switchBar").visible)
            verify(!findChild(numbers(41), "switchBar").visible)
            const first = findChild(row(51), "switchTag")
            verify(first.visible)
            verify(!findChild(row(52), "switchTag").visible)
            verify(!findChild(row(44), "switchTag").visible)
            // After the code, not over it.
            const code = findChild(row(51), "sourceText")
            verify(first.x >= code.x + code.implicitWidth, "the tag covers the code")
        }

        function test_aTagNeverCoversCode() {
            const saved = view.lines
            view.width = 420
            const rows = JSON.parse(JSON.stringify(saved))
            rows[3].text = "        mm = plain_read(vma->vm_mm); /* a comment long enough to reach the edge */"
            rows[4].text = "        rcuwait_wake_up(mm->vma_writer_wait); /* and another long enough one */"
            rows[3].current = true
            rows[3].opStart = 13
            rows[3].opLength = 10
            rows[2].current = false
            view.lines = rows
            // No line of the branch leaves room after its code: only the bar shows.
            waitForRendering(view)
            verify(!findChild(row(51), "switchTag").visible)
            verify(!findChild(row(52), "switchTag").visible)
            verify(findChild(numbers(51), "switchBar").visible)
            view.lines = saved
            view.width = top.width
        }

        function test_theRowsStayReadableInEveryTheme_data() {
            return [{tag: "light"}, {tag: "dark"}, {tag: "contrast"}]
        }
        function test_theRowsStayReadableInEveryTheme(data) {
            Theme.themeName = data.tag
            verify(!Qt.colorEqual(Theme.foldText, Theme.foldBackground))
            verify(!Qt.colorEqual(Theme.foldBackground, Theme.currentLine))
            verify(!Qt.colorEqual(Theme.switchTag, Theme.codeBackground))
            verify(!Qt.colorEqual(Theme.switchTag, Theme.currentLine))
            compare(findChild(row(41), "sourceText").color, Theme.foldText)
            compare(findChild(numbers(51), "switchBar").color, Theme.switchTag)
        }

        function test_theTagFollowsTheZoom() {
            const tag = findChild(row(51), "switchTag")
            const before = tag.height
            Theme.zoom = 1.5
            tryVerify(() => tag.height > before)
            Theme.zoom = 1
        }
    }
}
