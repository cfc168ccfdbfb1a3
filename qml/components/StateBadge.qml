import QtQuick
import QtQuick.Controls
import Lockstep

// A thread's state as a glyph and a word on a tinted pill. The glyph and the word carry the
// meaning; the colour only repeats it (Okabe–Ito palette or not).
Rectangle {
    id: root

    required property string threadState
    // The word shown (tests read it through this property).
    readonly property string text: {
        switch (threadState) {
        case "running": return qsTr("running")
        case "sleeping": return qsTr("sleeping")
        case "blocked": return qsTr("blocked")
        case "spinning": return qsTr("spinning")
        case "done": return qsTr("done")
        case "killed": return qsTr("killed")
        default: return qsTr("runnable")
        }
    }
    readonly property color stateColor: Theme.stateColor(threadState)

    implicitWidth: row.implicitWidth + 2 * Theme.spacing
    implicitHeight: row.implicitHeight + Theme.spacingSmall
    radius: height / 2
    color: Theme.tint(stateColor)
    border.color: stateColor
    border.width: Theme.border

    Behavior on color { ColorAnimation { duration: Theme.durationState } }
    Behavior on border.color { ColorAnimation { duration: Theme.durationState } }

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Theme.spacingSmall
        Label {
            text: Theme.stateGlyph(root.threadState)
            color: root.stateColor
            font.pixelSize: Theme.fontGlyph
            anchors.verticalCenter: parent.verticalCenter
        }
        Label {
            text: root.text
            color: Theme.text
            font.bold: true
            anchors.verticalCenter: parent.verticalCenter
        }
    }
}
