import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Presenter mode's controls, in a strip of their own above the lab: nothing floats over what the
// class is looking at. A clicker needs none of them (PageDown, PageUp, B, the answer letters).
Pane {
    id: root

    property LessonPlayer player: null
    // Whether the timeline is shown under the lanes (T).
    property bool timelineShown: false

    signal exitRequested()
    signal libraryRequested()
    signal timelineToggled()

    readonly property bool lessonOpen: player !== null && player.current >= 0

    padding: Theme.spacingSmall
    background: Rectangle { color: Theme.surfaceAlt }

    RowLayout {
        anchors.fill: parent
        spacing: Theme.spacing
        TipButton {
            visible: root.lessonOpen
            text: "\u25C0 " + qsTr("Previous")
            enabled: root.lessonOpen && root.player.stepIndex > 0 && !root.player.exploring
            tip: qsTr("PageUp")
            onClicked: root.player.previous()
        }
        // The title gives way; where the class is in the lesson never does.
        Label {
            objectName: "presenterTitle"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignRight
            text: root.lessonOpen ? root.player.title : qsTr("Presenter mode")
            textFormat: Text.PlainText
            elide: Text.ElideRight
            font.bold: true
        }
        Label {
            objectName: "presenterStep"
            visible: root.lessonOpen
            text: root.lessonOpen ? qsTr("· step %1 of %2").arg(root.player.stepIndex).arg(root.player.stepCount) : ""
            textFormat: Text.PlainText
            font.bold: true
        }
        TipButton {
            visible: root.lessonOpen
            text: root.lessonOpen && root.player.atEnd && root.player.nextTitle !== ""
                  ? qsTr("Next lesson") + " \u25B6" : qsTr("Next") + " \u25B6"
            enabled: root.lessonOpen && !root.player.exploring
                     && !(root.player.predictQuestion !== "" && root.player.predictAnswered < 0)
                     && (!root.player.atEnd || root.player.nextTitle !== "")
            tip: qsTr("PageDown")
            onClicked: root.player.atEnd ? root.player.openNext() : root.player.next()
        }
        TipButton {
            objectName: "presenterTimeline"
            text: qsTr("Timeline")
            checkable: false
            checked: root.timelineShown
            tip: qsTr("Show the timeline under the lanes (T)")
            onClicked: root.timelineToggled()
        }
        TipButton {
            visible: root.player !== null
            text: qsTr("Lessons")
            tip: qsTr("Ctrl+O")
            onClicked: root.libraryRequested()
        }
        TipButton {
            objectName: "presenterExit"
            text: qsTr("Leave presenter mode")
            tip: qsTr("Escape or F5")
            onClicked: root.exitRequested()
        }
    }
}
