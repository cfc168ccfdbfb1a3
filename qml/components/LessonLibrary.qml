import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The lesson library: every lesson that ships with the app and the teacher's own (files opened,
// folders added), its level and length, and what the student did: how far they got, the
// challenges solved and the predictions right. Picking one opens it where it was left. A
// teacher's file that is broken is shown with its place and line; a teacher can clear all
// progress (a classroom machine for the next student).
Popup {
    id: root

    property LessonPlayer player: null

    objectName: "lessonLibrary"
    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Theme.libraryWidth, parent ? parent.width - 2 * Theme.spacingLarge : Theme.libraryWidth)
    height: Math.min(Theme.libraryHeight, parent ? parent.height - 2 * Theme.spacingLarge : Theme.libraryHeight)
    padding: Theme.padding
    background: Rectangle {
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.border
        radius: Theme.radius
    }

    onClosed: confirmClear.visible = false

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: qsTr("Lessons")
                font.pixelSize: Theme.fontTitle
                font.bold: true
            }
            TipButton {
                objectName: "libraryClear"
                visible: !confirmClear.visible
                text: qsTr("Clear progress…")
                tip: qsTr("Forget every lesson's progress on this computer (asks first)")
                onClicked: confirmClear.visible = true
            }
            TipButton {
                objectName: "libraryClose"
                text: qsTr("Close")
                tip: qsTr("Back to the window (Escape)")
                onClicked: root.close()
            }
        }
        // Clearing cannot be undone: it asks once more.
        Rectangle {
            id: confirmClear
            objectName: "libraryConfirmClear"
            Layout.fillWidth: true
            visible: false
            implicitHeight: confirmRow.implicitHeight + 2 * Theme.spacing
            radius: Theme.radius
            color: Theme.surfaceAlt
            border.color: Theme.danger
            border.width: Theme.border
            RowLayout {
                id: confirmRow
                x: Theme.spacing
                y: Theme.spacing
                width: parent.width - 2 * Theme.spacing
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Forget the steps reached, the answers and the challenges solved of every lesson, and where each was left?")
                    wrapMode: Text.Wrap
                }
                TipButton {
                    objectName: "libraryClearConfirm"
                    text: qsTr("Clear all")
                    tip: qsTr("Every lesson starts afresh")
                    onClicked: {
                        root.player.clearProgress()
                        confirmClear.visible = false
                    }
                }
                TipButton {
                    text: qsTr("Keep")
                    tip: qsTr("Leave the progress as it is")
                    onClicked: confirmClear.visible = false
                }
            }
        }
        // The file just opened (or the open lesson's latest edit) that cannot be used.
        Label {
            objectName: "libraryFileError"
            Layout.fillWidth: true
            visible: text !== ""
            text: root.player !== null ? root.player.fileError : ""
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.danger
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontSmall
        }
        // The folders of lessons added to the library (File > Add lesson folder…).
        Repeater {
            model: root.player !== null ? root.player.folders : []
            delegate: RowLayout {
                required property string modelData
                Layout.fillWidth: true
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Folder: %1").arg(parent.modelData)
                    textFormat: Text.PlainText
                    elide: Text.ElideMiddle
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
                TipButton {
                    text: qsTr("Remove")
                    tip: qsTr("Take this folder's lessons out of the library (the files stay)")
                    onClicked: root.player.removeFolder(parent.modelData)
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: text !== ""
            font.family: Theme.monoFamily
            text: root.player !== null && root.player.loadErrors !== ""
                  ? qsTr("Some lessons could not be loaded:\n%1").arg(root.player.loadErrors) : ""
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.danger
            font.pixelSize: Theme.fontSmall
        }

        ListView {
            id: list
            objectName: "lessonList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacingSmall
            boundsBehavior: Flickable.StopAtBounds
            model: root.player !== null ? root.player.lessons : null
            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: entry

                required property int index
                required property string title
                required property string summary
                required property string level
                required property int minutes
                required property int steps
                required property int progress
                required property bool completed
                required property string path
                required property string error
                required property int challenges
                required property int solvedCount
                required property int answeredCount
                required property int rightCount
                required property bool removable

                objectName: "lessonEntry_" + index
                width: list.width
                readonly property bool isOpen: root.player !== null && index === root.player.current
                onClicked: {
                    root.player.open(index)
                    root.close()
                }

                contentItem: ColumnLayout {
                    spacing: Theme.spacingTiny
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("%1. %2").arg(entry.index).arg(entry.title)
                            textFormat: Text.PlainText
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            elide: Text.ElideRight
                        }
                        Pill {
                            visible: entry.isOpen
                            text: qsTr("open")
                            glyph: "\u25B6"
                            tone: Theme.accent
                        }
                        Pill {
                            visible: entry.completed
                            text: qsTr("done")
                            glyph: "\u2713"
                            tone: Theme.good
                        }
                        TipButton {
                            objectName: "lessonRemove_" + entry.index
                            visible: entry.removable
                            text: qsTr("Remove")
                            tip: qsTr("Take this file out of the library (the file stays on disk)")
                            onClicked: root.player.removeFile(entry.path)
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: entry.path !== ""
                        text: entry.path
                        textFormat: Text.PlainText
                        elide: Text.ElideMiddle
                        color: Theme.textMuted
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: entry.error !== ""
                        text: qsTr("The last edit cannot be used; the previous version plays:\n%1").arg(entry.error)
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        color: Theme.danger
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        Layout.fillWidth: true
                        text: entry.summary
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing
                        Label {
                            text: qsTr("%1 · %n min", "", entry.minutes).arg(entry.level)
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                        ProgressBar {
                            Layout.fillWidth: true
                            from: 0
                            to: Math.max(1, entry.steps)
                            value: entry.progress
                        }
                        Label {
                            objectName: "lessonReached_" + entry.index
                            text: entry.completed ? qsTr("finished")
                                  : entry.progress > 0 ? qsTr("reached step %1 of %2").arg(entry.progress).arg(entry.steps)
                                  : qsTr("not started")
                            font.pixelSize: Theme.fontSmall
                            color: Theme.textMuted
                        }
                    }
                    // What the student showed: the challenges they solved, and how many of
                    // their first answers to the predictions were right.
                    Label {
                        objectName: "lessonScore_" + entry.index
                        Layout.fillWidth: true
                        readonly property var parts: [
                            entry.challenges > 0 ? qsTr("challenges solved: %1 of %2").arg(entry.solvedCount).arg(entry.challenges) : "",
                            entry.answeredCount > 0 ? qsTr("predictions right: %1 of %2").arg(entry.rightCount).arg(entry.answeredCount) : ""
                        ].filter(p => p !== "")
                        visible: parts.length > 0
                        text: parts.join("  \u00B7  ")
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSmall
                        color: Theme.textMuted
                    }
                }
            }
        }
    }
}
