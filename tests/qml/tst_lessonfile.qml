import QtQuick
import QtQuick.Controls
import QtTest
import Lockstep

// A teacher's own lesson file in the window: it opens, an edit reloads it where the student
// was, a broken edit is shown with its place and line while the last good version stays, and a
// file that cannot be opened at all says why in the library.
Item {
    id: top

    width: 1500
    height: 950

    Session { id: theSession }
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

    TestCase {
        name: "LessonFile"
        when: windowShown

        function lesson(title, refcnt) {
            return "id: my-own\n"
                 + "title: " + title + "\n"
                 + "summary: A teacher's own lesson.\n"
                 + "level: beginner\n"
                 + "minutes: 5\n"
                 + "scenario: vma-lock-seq-recheck\n"
                 + "variant: final\n"
                 + "script:\n"
                 + "  - say: R1 goes first.\n"
                 + "    thread: R1\n"
                 + "    until: start_read.increment\n"
                 + "  - say: W write-locks.\n"
                 + "    thread: W\n"
                 + "    until: modify\n"
                 + "    expect:\n"
                 + "      vma.vm_refcnt: " + refcnt + "\n"
                 + "  - say: R1 increments.\n"
                 + "    thread: R1\n"
                 + "    steps: 1\n"
                 + "    expect:\n"
                 + "      vma.vm_refcnt: 2\n"
        }
        function child(name) {
            tryVerify(() => findChild(page, name) !== null, 2000, "no item named " + name)
            return findChild(page, name)
        }
        function picture(name) {
            if (testFiles.pictureDir() === "")
                return
            const image = grabImage(page)
            image.save(testFiles.pictureDir() + "/" + name + ".png")
        }

        function cleanup() {
            thePlayer.close()
        }

        function test_anEditReloadsAndABrokenOneSaysWhere() {
            verify(testFiles.write("own.yaml", lesson("A teacher's lesson", 1)))
            const row = thePlayer.openFile(testFiles.path("own.yaml"))
            verify(row >= 0)
            compare(child("lessonTitle").text, "A teacher's lesson")
            verify(thePlayer.next())
            verify(thePlayer.next())
            compare(child("lessonStepCounter").text, "Step 2 of 3")

            verify(testFiles.write("own.yaml", lesson("Edited in my editor", 1)))
            tryCompare(child("lessonTitle"), "text", "Edited in my editor", 3000)
            compare(child("lessonStepCounter").text, "Step 2 of 3")

            // A checkpoint that does not hold: the last good version stays, the error shows.
            verify(testFiles.write("own.yaml", lesson("Broken", 5)))
            const error = child("lessonFileError")
            tryVerify(() => error.visible, 3000, "the error is shown")
            const text = error.children[0].text
            verify(text.indexOf(testFiles.path("own.yaml") + ":16:7: checkpoint vma.vm_refcnt") >= 0, text)
            verify(text.indexOf("      vma.vm_refcnt: 5\n") >= 0, text)
            compare(child("lessonTitle").text, "Edited in my editor")
            compare(child("lessonStepCounter").text, "Step 2 of 3")
            picture("lessonfile-broken-edit")

            verify(testFiles.write("own.yaml", lesson("Fixed", 1)))
            tryCompare(child("lessonTitle"), "text", "Fixed", 3000)
            tryVerify(() => !error.visible)
        }

        function test_aFileThatCannotOpenIsExplainedInTheLibrary() {
            verify(testFiles.write("broken.yaml", "id: [oops\n"))
            compare(thePlayer.openFile(testFiles.path("broken.yaml")), -1)
            page.openLibrary()
            const library = findChild(page, "lessonLibrary")
            tryVerify(() => library.opened)
            let label = null
            tryVerify(() => (label = findChild(library.contentItem, "libraryFileError")) !== null && label.visible)
            verify(/^.*broken\.yaml:[0-9]+:[0-9]+: not valid YAML/.test(label.text), label.text)
            verify(label.text.indexOf(testFiles.path("broken.yaml")) === 0, label.text)
            picture("lessonfile-library-error")
            library.close()
            tryVerify(() => !library.visible)
        }
    }
}
