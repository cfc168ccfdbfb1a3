import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtCore
import Lockstep

// Export ("take it home"): asks where with a save dialog, writes the file through the
// Exporter and says how it went. The menu calls start(kind); tests can call the Exporter
// directly with a path.
Item {
    id: root

    required property Session session
    // What "the current view" is: the lab, without the menus and dialogs over it.
    required property Item view

    readonly property alias exporter: exporter
    // The kinds of file, each with its dialog filter and suffix.
    readonly property var kinds: ({
        "image": { filter: qsTr("PNG images (*.png)"), suffix: "png" },
        "schedule": { filter: qsTr("Lockstep schedules (*.schedule)"), suffix: "schedule" },
        "json": { filter: qsTr("JSON (*.json)"), suffix: "json" },
        "trace": { filter: qsTr("Text (*.txt)"), suffix: "txt" }
    })
    property string _kind: "image"
    property url folder: StandardPaths.writableLocation(StandardPaths.DocumentsLocation)

    function start(kind) {
        _kind = kind
        const k = kinds[kind]
        const name = "lockstep-" + session.scenario + "-" + session.variant + "-step" + session.step + "." + k.suffix
        dialog.nameFilters = [k.filter, qsTr("All files (*)")]
        dialog.defaultSuffix = k.suffix
        dialog.currentFolder = folder
        dialog.selectedFile = folder + "/" + name
        dialog.open()
    }
    // Writes the kind of file to `file` (a path or a file: URL); the result shows in the note.
    function save(kind, file) {
        let problem = ""
        if (kind === "image") {
            if (!exporter.saveImage(view, file))
                problem = qsTr("the view could not be rendered")
            else
                return  // imageSaved reports
        } else if (kind === "schedule") {
            problem = exporter.saveSchedule(file)
        } else if (kind === "json") {
            problem = exporter.saveJson(file)
        } else {
            problem = exporter.saveTrace(file)
        }
        report(file, problem)
    }
    function report(file, problem) {
        const path = String(file).replace(/^file:\/\//, "")
        note.text = problem === "" ? qsTr("Saved %1").arg(path) : qsTr("Export failed: %1").arg(problem)
        note.failed = problem !== ""
        note.open()
    }

    Exporter {
        id: exporter
        session: root.session
        onImageSaved: (file, error) => root.report(file, error)
    }

    FileDialog {
        id: dialog
        objectName: "exportDialog"
        title: qsTr("Export")
        fileMode: FileDialog.SaveFile
        acceptLabel: qsTr("Save")
        onAccepted: {
            root.folder = currentFolder
            // The dialog closes first, so the picture is of the view alone.
            Qt.callLater(root.save, root._kind, selectedFile)
        }
    }

    // Says where the file went (or why not) for a few seconds, at the foot of the window.
    Popup {
        id: note
        objectName: "exportNote"
        property alias text: label.text
        property bool failed: false
        parent: Overlay.overlay
        x: parent ? (parent.width - width) / 2 : 0
        y: parent ? parent.height - height - Theme.spacingLarge * 2 : 0
        padding: Theme.spacing
        closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
        onOpened: hide.restart()
        background: Rectangle {
            color: Theme.surface
            border.color: note.failed ? Theme.danger : Theme.frame
            border.width: Theme.borderStrong
            radius: Theme.radius
        }
        contentItem: Label {
            id: label
            wrapMode: Text.Wrap
        }
        Timer {
            id: hide
            interval: note.failed ? 8000 : 4000
            onTriggered: note.close()
        }
    }
}
