import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The challenge being tried, at the bottom of the lesson panel where it stays on screen: which
// one it is, the moment it is solved, what the student may use (hints, the lab's search) and
// why not, and the way back to the lesson. Its task and hints are read in the panel above.
Rectangle {
    id: root

    required property LessonPlayer player

    readonly property bool trying: player.challenge >= 0

    visible: trying
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: player.solved ? Theme.good : Theme.accent
    border.width: Theme.underline

    ColumnLayout {
        id: body
        x: Theme.padding
        y: Theme.padding
        width: root.width - 2 * Theme.padding
        spacing: Theme.spacingSmall

        Label {
            Layout.fillWidth: true
            text: qsTr("Challenge: %1").arg(root.player.challengeTitles[root.player.challenge] ?? "")
            textFormat: Text.PlainText
            font.bold: true
            wrapMode: Text.Wrap
        }
        Rectangle {
            objectName: "solvedBanner"
            Layout.fillWidth: true
            visible: root.trying && root.player.solved
            implicitHeight: solvedLabel.implicitHeight + 2 * Theme.spacing
            radius: Theme.radius
            color: Theme.goodSurface
            border.color: Theme.good
            border.width: Theme.borderStrong

            onVisibleChanged: if (visible) appear.restart()
            NumberAnimation {
                id: appear
                target: parent
                property: "opacity"
                from: 0.2
                to: 1
                duration: Theme.durationFlash
            }
            Label {
                id: solvedLabel
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.spacing
                horizontalAlignment: Text.AlignHCenter
                text: "\u2713 " + qsTr("Solved!")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.good
                wrapMode: Text.Wrap
            }
        }
        // Why the hints or the search are not there: the lesson says so, or the exam mode.
        Label {
            objectName: "challengeHelpNote"
            Layout.fillWidth: true
            visible: text !== ""
            text: root.player.helpNote
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
        // Hint at the left, the way back at the right; one above the other in a narrow panel.
        GridLayout {
            Layout.fillWidth: true
            columns: hintButton.implicitWidth + stopButton.implicitWidth + columnSpacing <= width ? 3 : 1
            columnSpacing: Theme.spacingSmall
            rowSpacing: Theme.spacingSmall
            TipButton {
                id: hintButton
                objectName: "challengeHint"
                visible: root.player.hintsAllowed
                text: qsTr("Hint")
                enabled: root.player.hasMoreHints && !root.player.solved
                tip: root.player.hasMoreHints ? qsTr("Show the next hint") : qsTr("No more hints")
                onClicked: root.player.showHint()
            }
            Item {
                visible: parent.columns > 1
                Layout.fillWidth: true
            }
            WrapButton {
                id: stopButton
                objectName: "challengeStop"
                Layout.alignment: Qt.AlignRight
                // Its words wrap rather than run out of a narrow card.
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                text: qsTr("Back to the lesson")
                highlighted: root.player.solved
                tip: qsTr("Leave the challenge and go back to the lesson where you left it")
                onClicked: root.player.stopChallenge()
            }
        }
    }
}
