import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// Help and Export in the window: each Help item opens its sheet, Export asks for a file and
// writes it, the menus are as wide as their labels, and Ctrl+Q closes the window.
Item {
    id: top

    width: 1400
    height: 900

    Session { id: helpSession }
    Component {
        id: mainWindow
        Main { session: helpSession }
    }

    TestCase {
        name: "Help"
        when: windowShown

        function open() {
            const win = createTemporaryObject(mainWindow, top)
            verify(win !== null)
            win.requestActivate()
            tryVerify(() => win.active, 2000, "the window gets the keyboard")
            return win
        }
        function menu(win, title) {
            for (let i = 0; i < win.menuBar.count; ++i)
                if (win.menuBar.menuAt(i).title.replace("&", "") === title)
                    return win.menuBar.menuAt(i)
            fail("no menu " + title)
        }
        function item(m, text) {
            for (let i = 0; i < m.count; ++i)
                if (m.itemAt(i).text && m.itemAt(i).text.startsWith(text))
                    return m.itemAt(i)
            fail("no item " + text)
        }

        function init() {
            failOnWarning(/.*/)
        }

        function test_helpItemsOpenTheirSheets_data() {
            return [
                { tag: "glossary", item: "Glossary", sheet: "glossary", says: "rcuwait" },
                { tag: "invariants", item: "Invariants", sheet: "invariants", says: "K4" },
                { tag: "about", item: "About", sheet: "about", says: "" }
            ]
        }
        function test_helpItemsOpenTheirSheets(data) {
            const win = open()
            const sheet = findChild(win.contentItem, data.sheet)
            verify(sheet !== null)
            verify(!sheet.opened)
            item(menu(win, "Help"), data.item).triggered()
            tryVerify(() => sheet.opened)
            if (data.says !== "") {
                const terms = sheet.entries.map(e => e[0]).join(" ")
                verify(terms.indexOf(data.says) >= 0, data.says + " is on the sheet")
            } else {
                const version = findChild(sheet.contentItem, "aboutVersion")
                verify(version.text.indexOf(AppInfo.version) >= 0)
                verify(/^\d+\.\d+\.\d+$/.test(AppInfo.version), AppInfo.version)
            }
            keyClick(Qt.Key_Escape)
            tryVerify(() => !sheet.opened)
        }

        function test_everyInvariantIsExplained() {
            const win = open()
            const terms = findChild(win.contentItem, "invariants").entries.map(e => e[0]).join(" ")
            for (const name of ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "K1", "K2", "K3", "K4", "P1", "P2", "P3"])
                verify(terms.indexOf(name + " ") >= 0, name + " is explained")
        }

        function test_menusShowTheirWholeLabels() {
            const win = open()
            for (let m = 0; m < win.menuBar.count; ++m) {
                const menu = win.menuBar.menuAt(m)
                for (let i = 0; i < menu.count; ++i) {
                    const it = menu.itemAt(i)
                    verify(it.width >= it.implicitWidth, menu.title + " > " + it.text + " is cut")
                }
            }
        }

        function test_exportAsksForAFileAndWritesIt() {
            const win = open()
            const takeHome = findChild(win.contentItem, "takeHome")
            const dialog = findChild(takeHome, "exportDialog")
            item(menu(win, "Export"), "Text trace").triggered()
            tryVerify(() => dialog.visible)
            verify(String(dialog.selectedFile).endsWith(".txt"), dialog.selectedFile)
            dialog.reject()
            tryVerify(() => !dialog.visible)
            const note = findChild(takeHome, "exportNote")
            takeHome.save("trace", "/nonexistent-dir/trace.txt")
            tryVerify(() => note.opened)
            verify(note.failed)
            verify(note.text.indexOf("/nonexistent-dir/trace.txt") >= 0, note.text)
        }

        function test_ctrlQQuits() {
            const win = open()
            verify(win.visible)
            keyClick(Qt.Key_Q, Qt.ControlModifier)
            tryVerify(() => !win.visible, 2000, "Ctrl+Q closes the window")
        }
    }
}
